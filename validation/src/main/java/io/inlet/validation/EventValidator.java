package io.inlet.validation;

import io.inlet.contracts.EventType;
import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.FrameFailure;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates and types an event's bytes exactly as the pipeline's schema applier does, step by step: decode
 * (numbers as exact decimals, so typing sees what was sent), the schema (pinned version, else latest; none is a
 * failure), every violation, then typing (a value that passed but cannot be represented is a failure too). The
 * pipeline, the gateway's synchronous validation and the lake's dry runs all decide through this class.
 */
public final class EventValidator {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private EventValidator() {
    }

    /** The event's JSON ({@link Validation#passed()}, untyped), or its decode failure. */
    public static Validation decode(byte[] payload) {
        try {
            return Validation.passed(JSON.readTree(payload));
        } catch (JacksonException e) {
            return Validation.failed(null, FrameFailure.STAGE_DECODE, "body is not valid JSON",
                    List.of(new Violation("", "json", e.getOriginalMessage())));
        }
    }

    /** The failure of an event whose schema (the pinned version, else any version) is not registered. */
    public static Validation noSchema(JsonNode json, EventType type, Integer pinnedVersion) {
        String what = pinnedVersion == null ? "no schema is registered for subject '" + type + "'"
                : "subject '" + type + "' has no version " + pinnedVersion;
        return Validation.failed(json, FrameFailure.STAGE_SCHEMA, what, List.of(new Violation("", "schema", what)));
    }

    /** Validates a decoded event against its schema and, when it passes, types it in place. */
    public static Validation apply(CompiledSchema schema, JsonNode json) {
        List<Violation> violations = schema.validate(json);
        if (!violations.isEmpty()) {
            return Validation.failed(json, FrameFailure.STAGE_SCHEMA, violations.size() == 1 ? "1 schema violation"
                    : violations.size() + " schema violations", violations);
        }
        try {
            return Validation.passed(schema.typeInPlace(json));
        } catch (TypingException e) {
            return Validation.failed(json, FrameFailure.STAGE_SCHEMA, e.getMessage(),
                    List.of(new Violation(e.pointer(), e.keyword(), e.getMessage())));
        }
    }

    /** All of it for one event: decode, then the resolved schema ({@code schema} empty: none registered). */
    public static Validation validate(byte[] payload, EventType type, Integer pinnedVersion,
                                      Optional<CompiledSchema> schema) {
        Validation decoded = decode(payload);
        if (!decoded.passed()) {
            return decoded;
        }
        return schema.isEmpty() ? noSchema(decoded.json(), type, pinnedVersion) : apply(schema.get(), decoded.json());
    }
}
