package io.inlet.pipeline.apply;

import io.inlet.contracts.ErrorEnvelope;
import io.inlet.contracts.EventMetadata;
import io.inlet.contracts.EventType;
import io.inlet.contracts.InletHeaders;
import io.inlet.contracts.Subjects;
import io.inlet.contracts.Violation;
import io.inlet.pipeline.schema.CompiledSchema;
import io.inlet.pipeline.schema.SchemaResolver;
import io.inlet.pipeline.schema.TypingException;
import io.inlet.pipeline.steps.StepRunner;
import io.inlet.pipeline.steps.StepsResult;
import io.inlet.registryclient.RegistryPipeline;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides, for one event from {@code inlet.events.<type>}, data lake or error lake: resolves its
 * schema (pinned version, else latest), validates it collecting every violation, types the
 * valid ones and applies the event type's pipeline steps (rename, drop, derive, filter) to them. Never throws for a bad event; throws only when the registry cannot be reached and
 * the schema is not cached (so the binder retries later).
 */
public class SchemaApplier {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final SchemaResolver schemas;
    private final StepSource steps;

    /** Without pipeline steps (schema applier only). */
    public SchemaApplier(SchemaResolver schemas) {
        this(schemas, type -> RegistryPipeline.none(type.name()));
    }

    public SchemaApplier(SchemaResolver schemas, StepSource steps) {
        this.schemas = schemas;
        this.steps = steps;
    }

    /**
     * The pipeline steps of an event type. Throws (and so makes the delivery wait and retry) only if
     * they are neither cached nor obtainable; none declared is an empty pipeline.
     */
    @FunctionalInterface
    public interface StepSource {
        RegistryPipeline stepsFor(EventType type);
    }

    public Outcome apply(String subject, Map<String, Object> headers, byte[] body, Instant now) {
        Optional<EventType> type = Subjects.EVENTS.eventTypeOf(subject);
        EventMetadata metadata;
        try {
            metadata = EventMetadata.fromHeaders(headers::get);
        } catch (RuntimeException e) {
            return decodeError(subject, type, headers, body, now, "bad envelope headers: " + e.getMessage());
        }
        if (type.isEmpty() || !type.get().equals(metadata.eventType())) {
            return decodeError(subject, type, headers, body, now, "subject '" + subject
                    + "' does not match the event type header '" + metadata.eventType() + "'");
        }
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (JacksonException e) {
            return rejected(metadata, subject, ErrorEnvelope.STAGE_DECODE, "body is not valid JSON",
                    List.of(new Violation("", "json", e.getOriginalMessage())), null, body, now);
        }
        Optional<CompiledSchema> resolved = schemas.resolve(metadata.eventType(), metadata.schemaVersion());
        if (resolved.isEmpty()) {
            String what = metadata.schemaVersion() == null ? "no schema is registered for subject '"
                    + metadata.eventType() + "'" : "subject '" + metadata.eventType() + "' has no version "
                    + metadata.schemaVersion();
            return rejected(metadata, subject, ErrorEnvelope.STAGE_SCHEMA, what,
                    List.of(new Violation("", "schema", what)), null, body, now);
        }
        CompiledSchema schema = resolved.get();
        List<Violation> violations = schema.validate(event);
        if (!violations.isEmpty()) {
            return rejected(metadata, subject, ErrorEnvelope.STAGE_SCHEMA, violations.size() == 1 ? "1 schema violation"
                    : violations.size() + " schema violations", violations, schema, body, now);
        }
        JsonNode typed;
        try {
            typed = schema.type(event);
        } catch (TypingException e) {
            return rejected(metadata, subject, ErrorEnvelope.STAGE_SCHEMA, e.getMessage(),
                    List.of(new Violation(e.pointer(), e.keyword(), e.getMessage())), schema, body, now);
        }
        EventMetadata applied = new EventMetadata(metadata.eventId(), metadata.eventType(), metadata.receivedAt(),
                metadata.source(), schema.version(), metadata.apiKeyId(), metadata.requestId());
        RegistryPipeline pipeline = steps.stepsFor(metadata.eventType());
        StepsResult result = StepRunner.run(typed, pipeline.steps());
        if (result instanceof StepsResult.Filtered filtered) {
            return new Outcome.Filtered(applied, pipeline.revision(), filtered.index());
        }
        if (result instanceof StepsResult.Failed failed) {
            return rejected(metadata, subject, ErrorEnvelope.STAGE_TRANSFORM, "pipeline revision "
                    + pipeline.revision() + ", step " + failed.index() + " (" + failed.violation().keyword()
                    + ") failed", List.of(failed.violation()), schema, body, now);
        }
        return new Outcome.Valid(applied, schema.id(), schema.version(),
                JSON.writeValueAsBytes(((StepsResult.Kept) result).record()));
    }

    private static Outcome rejected(EventMetadata metadata, String subject, String stage, String reason,
            List<Violation> violations, CompiledSchema schema, byte[] body, Instant now) {
        String[] payload = ErrorEnvelope.encodePayload(body);
        return new Outcome.Rejected(new ErrorEnvelope(metadata.eventId(), metadata.eventType().name(), stage, reason,
                violations, schema == null ? null : schema.id(), schema == null ? null : schema.version(), payload[0],
                payload[1], subject, metadata.source(), metadata.receivedAt(), now));
    }

    /** Not an envelope the consumer-service writes: kept with whatever identity it has. */
    private static Outcome decodeError(String subject, Optional<EventType> type, Map<String, Object> headers,
            byte[] body, Instant now, String reason) {
        Object id = headers.get(InletHeaders.EVENT_ID);
        Object sequence = headers.get("nats_streamSequence");
        String eventId = id != null ? id.toString() : "events-seq-" + sequence;
        String[] payload = ErrorEnvelope.encodePayload(body);
        return new Outcome.Rejected(new ErrorEnvelope(eventId,
                type.map(EventType::name).orElse(ErrorEnvelope.UNROUTABLE_TYPE.name()), ErrorEnvelope.STAGE_DECODE,
                reason, List.of(new Violation("", "header", reason)), null, null, payload[0], payload[1], subject,
                null, now, now));
    }
}
