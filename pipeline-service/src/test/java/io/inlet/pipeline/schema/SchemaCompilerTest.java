package io.inlet.pipeline.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.Violation;
import io.inlet.pipeline.Fixtures;
import io.inlet.registryclient.RegistrySchema;
import java.util.List;
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
