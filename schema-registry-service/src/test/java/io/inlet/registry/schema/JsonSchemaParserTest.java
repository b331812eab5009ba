package io.inlet.registry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
    void defaultsTo2020AndAcceptsDraft07() {
        assertThat(parser.parse(SchemaType.JSON, "{\"type\":\"string\"}").dialect()).isEqualTo(JsonDialect.DRAFT_2020_12);
        assertThat(parser.parse(SchemaType.JSON,
                "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"string\"}").dialect())
                .isEqualTo(JsonDialect.DRAFT_07);
        assertThat(parser.parse(SchemaType.JSON, "true").canonical()).isEqualTo("true");
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
}
