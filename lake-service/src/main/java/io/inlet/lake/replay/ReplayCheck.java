package io.inlet.lake.replay;

import io.inlet.contracts.EventType;
import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.validation.CompiledSchema;
import io.inlet.validation.SchemaResolver;
import io.inlet.validation.TypingException;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether an error-lake event would now pass the schema applier, checked with the pipeline's own validate + type
 * unit ({@code io.inlet.validation}): the pinned version, else the latest; every violation; typing errors.
 * Pipeline steps (filters) are not applied: a filtered event is not a failure.
 */
public class ReplayCheck {

    /** The verdict on one event: passes, or the stage, reason and violations it would fail with. */
    public record Verdict(boolean passes, String stage, String reason, List<Violation> violations) {

        static final Verdict PASSES = new Verdict(true, null, null, List.of());
    }

    /** As the pipeline reads events: numbers exact. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final SchemaResolver schemas;

    public ReplayCheck(SchemaResolver schemas) {
        this.schemas = schemas;
    }

    public Verdict check(EventType type, Integer version, byte[] payload) {
        JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (JacksonException e) {
            return new Verdict(false, FrameFailure.STAGE_DECODE, "body is not valid JSON",
                    List.of(new Violation("", "json", e.getOriginalMessage())));
        }
        Optional<CompiledSchema> resolved = schemas.resolve(type, version);
        if (resolved.isEmpty()) {
            String what = version == null ? "no schema is registered for subject '" + type + "'"
                    : "subject '" + type + "' has no version " + version;
            return new Verdict(false, FrameFailure.STAGE_SCHEMA, what, List.of(new Violation("", "schema", what)));
        }
        List<Violation> violations = resolved.get().validate(json);
        if (!violations.isEmpty()) {
            return new Verdict(false, FrameFailure.STAGE_SCHEMA, violations.size() + " schema violation"
                    + (violations.size() == 1 ? "" : "s"), violations);
        }
        try {
            resolved.get().typeInPlace(json);
        } catch (TypingException e) {
            return new Verdict(false, FrameFailure.STAGE_SCHEMA, e.getMessage(),
                    List.of(new Violation(e.pointer(), e.keyword(), e.getMessage())));
        }
        return Verdict.PASSES;
    }
}
