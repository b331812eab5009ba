package io.inlet.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.EventType;
import io.inlet.registryclient.RegistrySchema;
import io.inlet.testsupport.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventValidatorTest {

    private static final EventType ORDER = EventType.of("order.created");
    private final CompiledSchema schema = new SchemaCompiler().compile(new RegistrySchema(7L, "order.created", 1,
            "JSON", Fixtures.schema("order.created.v1.json")));

    @Test
    void aValidEventPassesTyped() {
        String event = Fixtures.events("order.created.valid.ndjson").get(0);
        Validation result = EventValidator.validate(bytes(event), ORDER, null, Optional.of(schema));
        assertThat(result.passed()).isTrue();
        assertThat(result.stage()).isNull();
        assertThat(result.violations()).isEmpty();
        assertThat(result.json()).isEqualTo(schema.typer().type(new tools.jackson.databind.json.JsonMapper()
                .readTree(event)));
    }

    @Test
    void anInvalidEventFailsAtTheSchemaStageWithEveryViolation() {
        String event = Fixtures.events("order.created.invalid.ndjson").get(0);
        Validation result = EventValidator.validate(bytes(event), ORDER, null, Optional.of(schema));
        assertThat(result.passed()).isFalse();
        assertThat(result.stage()).isEqualTo("schema");
        assertThat(result.violations()).isNotEmpty().isEqualTo(schema.validate(result.json()));
        assertThat(result.reason()).isEqualTo(result.violations().size() == 1 ? "1 schema violation"
                : result.violations().size() + " schema violations");
    }

    @Test
    void notJsonFailsAtTheDecodeStage() {
        Validation result = EventValidator.validate(bytes("{\"a\":"), ORDER, null, Optional.of(schema));
        assertThat(result.stage()).isEqualTo("decode");
        assertThat(result.reason()).isEqualTo("body is not valid JSON");
        assertThat(result.violations()).singleElement().satisfies(v -> assertThat(v.keyword()).isEqualTo("json"));
    }

    @Test
    void noRegisteredSchemaIsASchemaFailureNamingTheVersion() {
        Validation latest = EventValidator.validate(bytes("{}"), ORDER, null, Optional.empty());
        assertThat(latest.reason()).isEqualTo("no schema is registered for subject 'order.created'");
        Validation pinned = EventValidator.validate(bytes("{}"), ORDER, 3, Optional.empty());
        assertThat(pinned.stage()).isEqualTo("schema");
        assertThat(pinned.violations()).singleElement().satisfies(v -> {
            assertThat(v.keyword()).isEqualTo("schema");
            assertThat(v.message()).isEqualTo("subject 'order.created' has no version 3");
        });
    }

    @Test
    void anIntegerBeyond64BitsPassesValidationButFailsTyping() {
        CompiledSchema integer = new SchemaCompiler().compile(new RegistrySchema(8L, "n", 1, "JSON",
                "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}"));
        Validation result = EventValidator.validate(bytes("{\"n\":123456789012345678901234567890}"),
                EventType.of("n"), null, Optional.of(integer));
        assertThat(result.stage()).isEqualTo("schema");
        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.pointer()).isEqualTo("/n");
            assertThat(v.keyword()).isEqualTo("type");
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
