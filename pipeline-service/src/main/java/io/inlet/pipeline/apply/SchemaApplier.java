package io.inlet.pipeline.apply;

import io.inlet.contracts.EventType;
import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.FilteredBy;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.pipeline.steps.SqlStepRunner;
import io.inlet.pipeline.steps.StepRunner;
import io.inlet.pipeline.steps.StepsResult;
import io.inlet.registryclient.RegistryPipeline;
import io.inlet.transforms.PipelineStep;
import io.inlet.validation.CompiledSchema;
import io.inlet.validation.EventValidator;
import io.inlet.validation.SchemaResolver;
import io.inlet.validation.Validation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides, for one event of a frame from {@code inlet.events.<type>}, data lake or error lake: resolves its
 * schema (pinned version, else latest), validates it collecting every violation, types the valid ones and applies
 * the event type's pipeline steps (rename, drop, derive, filter, or one sql statement) to them. Never throws for a bad event; throws only
 * when the registry cannot be reached and the schema (or the steps) are not cached, so the binder retries later.
 */
public class SchemaApplier {

    /** Writes the typed records (read by {@link EventValidator}). */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SchemaResolver schemas;
    private final StepSource steps;
    private final SqlStepRunner statements;

    /** Without pipeline steps (schema applier only). */
    public SchemaApplier(SchemaResolver schemas) {
        this(schemas, type -> RegistryPipeline.none(type.name()), null);
    }

    /**
     * @param statements runs sql steps; {@code null} when {@code steps} never declares one (a sql step then fails
     *                   its events)
     */
    public SchemaApplier(SchemaResolver schemas, StepSource steps, SqlStepRunner statements) {
        this.schemas = schemas;
        this.steps = steps;
        this.statements = statements;
    }

    /**
     * The pipeline steps of an event type. Throws (and so makes the delivery wait and retry) only if
     * they are neither cached nor obtainable; none declared is an empty pipeline.
     */
    @FunctionalInterface
    public interface StepSource {
        RegistryPipeline stepsFor(EventType type);
    }

    /**
     * The outcome of one event of a frame of {@code type} read from {@code subject}: the event as its schema
     * applied it, filtered, or failed (with its original bytes, and the schema applied when there was one).
     * Its id, origin and attributes are kept as they are.
     */
    public Outcome apply(FramedEvent event, EventType type, String subject, Instant now) {
        Validation decoded = EventValidator.decode(event.payload());
        if (!decoded.passed()) {
            return rejected(event, subject, decoded, null, now);
        }
        Optional<CompiledSchema> resolved = schemas.resolve(type, event.schemaVersion());
        if (resolved.isEmpty()) {
            return rejected(event, subject, EventValidator.noSchema(decoded.json(), type, event.schemaVersion()), null,
                    now);
        }
        CompiledSchema schema = resolved.get();
        Validation applied = EventValidator.apply(schema, decoded.json());
        if (!applied.passed()) {
            return rejected(event, subject, applied, schema, now);
        }
        JsonNode typed = applied.json();
        RegistryPipeline pipeline = steps.stepsFor(type);
        StepsResult result = pipeline.steps().size() == 1 && statements != null
                && pipeline.steps().get(0) instanceof PipelineStep.Sql sql
                ? statements.run(type, schema.version(), sql, typed)
                : StepRunner.run(typed, pipeline.steps());
        if (result instanceof StepsResult.Filtered filtered) {
            return new Outcome.Filtered(event.applied(schema.version(), schema.id(), event.payload())
                    .filtered(filteredBy(pipeline, filtered.index())));
        }
        if (result instanceof StepsResult.Failed failed) {
            return rejected(event, subject, FrameFailure.STAGE_TRANSFORM, "pipeline revision " + pipeline.revision() + ", step "
                    + failed.index() + " (" + failed.violation().keyword() + ") failed",
                    List.of(failed.violation()), schema, now);
        }
        return new Outcome.Valid(event.applied(schema.version(), schema.id(),
                JSON.writeValueAsBytes(((StepsResult.Kept) result).record())));
    }

    /** Which step filtered: its index and kind, its expression or statement, the pipeline's revision (0: none). */
    private static FilteredBy filteredBy(RegistryPipeline pipeline, int index) {
        PipelineStep step = pipeline.steps().get(index);
        String description = step instanceof PipelineStep.Filter filter ? filter.expression().text()
                : step instanceof PipelineStep.Sql sql ? sql.statement() : step.type();
        return new FilteredBy(index, step.type(), description, pipeline.revision() > 0 ? pipeline.revision() : null);
    }

    /**
     * The event failed: its original bytes kept, and, when a schema was applied, that schema's version and id (so
     * the error lake tells which one it failed).
     */
    private static Outcome rejected(FramedEvent event, String subject, Validation failure, CompiledSchema schema,
            Instant now) {
        return rejected(event, subject, failure.stage(), failure.reason(), failure.violations(), schema, now);
    }

    private static Outcome rejected(FramedEvent event, String subject, String stage, String reason,
            List<Violation> violations, CompiledSchema schema, Instant now) {
        FramedEvent failing = schema == null ? event : event.applied(schema.version(), schema.id(), event.payload());
        return new Outcome.Rejected(failing.failed(new FrameFailure(stage, reason, violations, subject, now)));
    }
}
