package io.inlet.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inlet.contracts.Violation;
import io.inlet.registryclient.RegistrySchema;
import io.inlet.testsupport.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SchemaCompilerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final SchemaCompiler compiler = new SchemaCompiler();

    @ParameterizedTest
    @ValueSource(strings = {"order.created", "page.viewed"})
    void reportsExactlyTheExpectedViolationsOfEveryInvalidFixture(String type) {
        CompiledSchema schema = compile(type, latest(type));
        List<String> events = Fixtures.events(type + ".invalid.ndjson");
        List<String> expected = Fixtures.events(type + ".invalid.expected.ndjson");
        assertThat(events).hasSameSizeAs(expected);
        for (int i = 0; i < events.size(); i++) {
            List<Violation> violations = schema.validate(JSON.readTree(events.get(i)));
            List<String> want = JSON.readTree(expected.get(i)).valueStream()
                    .map(v -> v.get("instanceLocation").asString() + " " + v.get("keyword").asString()).toList();
            assertThat(violations).as("line %d of %s", i + 1, type)
                    .extracting(v -> v.pointer() + " " + v.keyword())
                    .containsExactlyInAnyOrderElementsOf(want);
            assertThat(violations).allSatisfy(v -> assertThat(v.message()).isNotBlank());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"order.created", "page.viewed"})
    void acceptsEveryValidFixture(String type) {
        CompiledSchema schema = compile(type, latest(type));
        for (String event : Fixtures.events(type + ".valid.ndjson")) {
            assertThat(schema.validate(JSON.readTree(event))).as(event).isEmpty();
        }
    }

    @Test
    void readsASchemaWithoutDollarSchemaAsDraft07LikeTheRegistry() {
        // draft-07 tuple form: position 0 must be a string; 2020-12's prefixItems means nothing in draft-07
        CompiledSchema tuple = compileText("{\"type\":\"array\",\"items\":[{\"type\":\"string\"}],"
                + "\"additionalItems\":false}");
        assertThat(tuple.validate(json("[\"a\"]"))).isEmpty();
        assertThat(tuple.validate(json("[1]"))).extracting(Violation::pointer).containsExactly("/0");
        assertThat(tuple.validate(json("[\"a\",\"b\"]"))).isNotEmpty();
        CompiledSchema prefix = compileText("{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"}]}");
        assertThat(prefix.validate(json("[1]"))).isEmpty();
    }

    @Test
    void theDefaultDialectIsConfigurable() {
        CompiledSchema prefix = new SchemaCompiler("https://json-schema.org/draft/2020-12/schema").compile(
                new RegistrySchema(1, "t.x", 1, "JSON", "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"}]}"));
        assertThat(prefix.validate(json("[1]"))).extracting(Violation::pointer).containsExactly("/0");
        assertThatThrownBy(() -> new SchemaCompiler("http://example.com/not-a-dialect"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inlet.json-schema.default-dialect");
    }

    @Test
    void ignoresDraft04sIdInLaterDrafts() {
        CompiledSchema schema = compileText("{\"id\":\"order\",\"properties\":{\"n\":{\"type\":\"integer\"}}}");
        assertThat(schema.validate(json("{\"n\":\"x\"}"))).extracting(Violation::pointer).containsExactly("/n");
    }

    @Test
    void compilesASchemaWithARelativeId() {
        CompiledSchema schema = compileText("{\"$id\":\"something\",\"definitions\":{\"n\":{\"type\":\"integer\"}},"
                + "\"properties\":{\"n\":{\"$ref\":\"#/definitions/n\"}}}");
        assertThat(schema.validate(json("{\"n\":1}"))).isEmpty();
        assertThat(schema.validate(json("{\"n\":\"x\"}"))).extracting(Violation::pointer).containsExactly("/n");
    }

    private CompiledSchema compileText(String schema) {
        return compiler.compile(new RegistrySchema(1, "t.x", 1, "JSON", schema));
    }

    static CompiledSchema compile(String type, int version) {
        return new SchemaCompiler().compile(new RegistrySchema(version, type, version, "JSON",
                Fixtures.schema(type + ".v" + version + ".json")));
    }

    private static int latest(String type) {
        return type.equals("page.viewed") ? 2 : 1;
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
