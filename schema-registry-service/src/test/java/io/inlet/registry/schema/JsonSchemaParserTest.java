package io.inlet.registry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSchemaParserTest {

    private final JsonSchemaParser parser = new JsonSchemaParser();

    @Test
    void canonicalFormIgnoresKeyOrderAndWhitespace() {
        ParsedSchema a = parser.parse(SchemaType.JSON, "{\"type\": \"object\",\n \"properties\": {\"b\": {}, \"a\": {}}}");
        ParsedSchema b = parser.parse(SchemaType.JSON, "{\"properties\":{\"a\":{},\"b\":{}},\"type\":\"object\"}");
        assertThat(a.canonical()).isEqualTo("{\"properties\":{\"a\":{},\"b\":{}},\"type\":\"object\"}");
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    }

    @Test
    void withoutDollarSchemaReadsDraft07AsConfluentDoes() {
        assertThat(parser.parse(SchemaType.JSON, "{\"type\":\"string\"}").dialect()).isEqualTo(JsonDialect.DRAFT_07);
        assertThat(parser.parse(SchemaType.JSON, "true").canonical()).isEqualTo("true");
        // draft-07 only: tuple items and definitions were refused while the default was 2020-12
        assertThat(parser.parse(SchemaType.JSON, "{\"type\":\"array\",\"items\":[{\"type\":\"string\"}],"
                + "\"additionalItems\":false,\"definitions\":{\"s\":{\"type\":\"string\"}}}").dialect())
                .isEqualTo(JsonDialect.DRAFT_07);
    }

    @ParameterizedTest
    @CsvSource({
            "http://json-schema.org/draft-04/schema#, DRAFT_04",
            "http://json-schema.org/draft-06/schema#, DRAFT_06",
            "http://json-schema.org/draft-07/schema#, DRAFT_07",
            "http://json-schema.org/draft-07/schema, DRAFT_07",
            "https://json-schema.org/draft/2019-09/schema, DRAFT_2019_09",
            "https://json-schema.org/draft/2020-12/schema, DRAFT_2020_12"})
    void everyDraftByDollarSchema(String uri, JsonDialect dialect) {
        assertThat(parser.parse(SchemaType.JSON, "{\"$schema\":\"" + uri + "\",\"type\":\"object\"}").dialect())
                .isEqualTo(dialect);
    }

    /** Schemas written for each draft, without $schema, register as they do on Confluent (read as draft-07). */
    @ParameterizedTest
    @ValueSource(strings = {
            "{'id':'order','type':'object','properties':{'n':{'type':'integer','minimum':0,'exclusiveMaximum':10}},'definitions':{'x':{}}}",
            "{'$id':'order','type':'object','const':{'a':1},'propertyNames':{'maxLength':8},'examples':[{'a':1}]}",
            "{'type':'array','items':[{'type':'string'}],'additionalItems':false,'if':{'minItems':1},'then':{}}",
            "{'$defs':{'s':{'type':'string'}},'properties':{'a':{'$ref':'#/$defs/s'}},'dependentRequired':{'a':['b']}}",
            "{'type':'array','prefixItems':[{'type':'string'}],'items':false,'unevaluatedProperties':false}"})
    void aSchemaOfEachDraftWithoutDollarSchemaIsAccepted(String schema) {
        assertThat(parser.parse(SchemaType.JSON, schema.replace('\'', '"')).dialect()).isEqualTo(JsonDialect.DRAFT_07);
    }

    @Test
    void theDefaultDialectIsConfigurable() {
        JsonSchemaParser modern = new JsonSchemaParser(new JsonSchemaProperties("https://json-schema.org/draft/2020-12/schema"));
        assertThat(modern.parse(SchemaType.JSON, "{\"type\":\"string\"}").dialect()).isEqualTo(JsonDialect.DRAFT_2020_12);
        assertThatThrownBy(() -> modern.parse(SchemaType.JSON, "{\"items\":[{\"type\":\"string\"}]}"))
                .isInstanceOf(InvalidSchemaException.class);
        assertThatThrownBy(() -> new JsonSchemaProperties("http://example.com/x").dialect())
                .hasMessageContaining("inlet.json-schema.default-dialect");
    }

    @Test
    void aRelativeIdIsValid() {
        assertThat(parser.parse(SchemaType.JSON, "{\"$id\":\"something\",\"type\":\"string\"}").tree()
                .get("$id").asString()).isEqualTo("something");
        assertThat(parser.parse(SchemaType.JSON, "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
                + "\"$id\":\"schemas/order\",\"$defs\":{\"n\":{\"type\":\"integer\"}},"
                + "\"properties\":{\"n\":{\"$ref\":\"#/$defs/n\"}}}").dialect()).isEqualTo(JsonDialect.DRAFT_2020_12);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'$ref':'#'}",
            "{'$defs':{'a':{'$ref':'#/$defs/b'},'b':{'$ref':'#/$defs/a'}},'$ref':'#/$defs/a'}",
            "{'definitions':{'a':{'allOf':[{'$ref':'#/definitions/b'}]},'b':{'anyOf':[{'$ref':'#/definitions/a'}]}},"
                    + "'properties':{'x':{'$ref':'#/definitions/a'}}}",
            "{'not':{'$ref':'#'}}"})
    void aRefCycleThatNeverDescendsIsAnInvalidSchemaNotACrash(String schema) {
        assertThatThrownBy(() -> parser.parse(SchemaType.JSON, schema.replace('\'', '"')))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("refers back to itself");
    }

    @Test
    void recursionThroughPropertiesOrItemsIsFine() {
        parser.parse(SchemaType.JSON, "{\"type\":\"object\",\"properties\":{\"child\":{\"$ref\":\"#\"}}}");
        parser.parse(SchemaType.JSON, "{\"definitions\":{\"node\":{\"type\":\"array\",\"items\":"
                + "{\"$ref\":\"#/definitions/node\"}}},\"$ref\":\"#/definitions/node\"}");
    }

    @Test
    void rejectsWhatIsNotAValidSchema() {
        assertThatThrownBy(() -> parser.parse(SchemaType.JSON, "{\"type\":\"strin\"}"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("Invalid schema");
        assertThatThrownBy(() -> parser.parse(SchemaType.JSON, "{\"minimum\":\"zero\"}"))
                .isInstanceOf(InvalidSchemaException.class);
        assertThatThrownBy(() -> parser.parse(SchemaType.JSON, "{not json"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parser.parse(SchemaType.JSON, "[1]"))
                .isInstanceOf(InvalidSchemaException.class);
        assertThatThrownBy(() -> parser.parse(SchemaType.JSON, "{\"$schema\":\"http://example.com/x\"}"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("unsupported $schema");
        assertThatThrownBy(() -> parser.parse(SchemaType.JSON, "{\"$ref\":\"https://example.com/s.json\"}"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("not a local reference");
    }

    @Test
    void onlyJsonIsSupported() {
        assertThatThrownBy(() -> SchemaType.parse("AVRO")).isInstanceOf(InvalidSchemaException.class);
        assertThat(SchemaType.parse(null)).isEqualTo(SchemaType.JSON);
        assertThat(SchemaType.parse("json")).isEqualTo(SchemaType.JSON);
    }

    @Test
    void versionsAreNumbersFromOneOrLatest() {
        assertThat(VersionRef.parse("latest").latest()).isTrue();
        assertThat(VersionRef.parse("-1").latest()).isTrue();
        assertThat(VersionRef.parse("3").number()).isEqualTo(3);
        assertThatThrownBy(() -> VersionRef.parse("0")).isInstanceOf(InvalidVersionException.class);
        assertThatThrownBy(() -> VersionRef.parse("abc")).isInstanceOf(InvalidVersionException.class);
        assertThatThrownBy(() -> VersionRef.parse("99999999999")).isInstanceOf(InvalidVersionException.class);
    }

    @Test
    void forComparisonDropsTheKeywordsItsDialectDoesNotValidate() {
        JsonSchemaParser draft07 = new JsonSchemaParser();
        var tree = draft07.parse(SchemaType.JSON, "{\"type\":\"object\",\"dependentRequired\":{\"a\":[\"b\"]},"
                + "\"properties\":{\"t\":{\"prefixItems\":[{\"type\":\"string\"}],\"items\":{\"type\":\"string\"}}},"
                + "\"$defs\":{\"x\":{\"const\":1,\"unevaluatedProperties\":false}}}").tree();
        assertThat(draft07.forComparison(tree).toString()).isEqualTo("{\"type\":\"object\",\"properties\":"
                + "{\"t\":{\"items\":{\"type\":\"string\"}}},\"$defs\":{\"x\":{\"const\":1}}}");

        var modern = draft07.parse(SchemaType.JSON, "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
                + "\"dependencies\":{\"a\":[\"b\"]},\"dependentRequired\":{\"a\":[\"c\"]},"
                + "\"additionalItems\":false,\"prefixItems\":[{}]}").tree();
        assertThat(draft07.forComparison(modern).toString()).isEqualTo("{\"$schema\":"
                + "\"https://json-schema.org/draft/2020-12/schema\",\"dependentRequired\":{\"a\":[\"c\"]},"
                + "\"prefixItems\":[{}]}");
        var draft04 = draft07.parse(SchemaType.JSON, "{\"$schema\":\"http://json-schema.org/draft-04/schema#\","
                + "\"const\":1,\"propertyNames\":{\"maxLength\":1},\"contains\":{}}").tree();
        assertThat(draft07.forComparison(draft04).toString())
                .isEqualTo("{\"$schema\":\"http://json-schema.org/draft-04/schema#\"}");
        // up to draft-07 a $ref's siblings are ignored; from 2019-09 they apply
        var refSiblings = "{\"definitions\":{\"s\":{\"type\":\"string\"}},\"properties\":{\"a\":"
                + "{\"$ref\":\"#/definitions/s\",\"maxLength\":3}}}";
        assertThat(draft07.forComparison(draft07.parse(SchemaType.JSON, refSiblings).tree()).path("properties")
                .path("a").toString()).isEqualTo("{\"$ref\":\"#/definitions/s\"}");
        String modernSiblings = "{\"$schema\":\"https://json-schema.org/draft/2019-09/schema\"," + refSiblings.substring(1);
        assertThat(draft07.forComparison(draft07.parse(SchemaType.JSON, modernSiblings).tree()).path("properties")
                .path("a").path("maxLength").asInt()).isEqualTo(3);
    }
}
