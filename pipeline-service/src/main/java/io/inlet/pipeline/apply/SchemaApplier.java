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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * What became of a frame's events, in order, and the revision of the pipeline that was applied to them
     * ({@code null} when no event was valid, so none was asked for; {@code 0} when none is declared).
     */
    public record FrameOutcomes(List<Outcome> outcomes, Long pipelineRevision) {
    }

    /** The outcome of one event alone: {@link #applyFrame} of a frame of one. */
    public Outcome apply(FramedEvent event, EventType type, String subject, Instant now) {
        return applyFrame(List.of(event), type, subject, now).outcomes().get(0);
    }

    /**
     * The outcomes of the events of one frame of {@code type} read from {@code subject}: each event as its schema
     * applied it, filtered, or failed (with its original bytes, and the schema applied when there was one); ids,
     * origins and attributes kept as they are. The pipeline is read once per frame, so all of a frame's events get
     * one revision; a sql step runs once per schema version among the frame's valid events
     * ({@link SqlStepRunner#runFrame}), the other steps per event.
     */
    public FrameOutcomes applyFrame(List<FramedEvent> events, EventType type, String subject, Instant now) {
        Outcome[] outcomes = new Outcome[events.size()];
        List<Typed> valid = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            FramedEvent event = events.get(i);
            Validation decoded = EventValidator.decode(event.payload());
            if (!decoded.passed()) {
                outcomes[i] = rejected(event, subject, decoded, null, now);
                continue;
            }
            Optional<CompiledSchema> resolved = schemas.resolve(type, event.schemaVersion());
            if (resolved.isEmpty()) {
                outcomes[i] = rejected(event, subject, EventValidator.noSchema(decoded.json(), type,
                        event.schemaVersion()), null, now);
                continue;
            }
            CompiledSchema schema = resolved.get();
            Validation applied = EventValidator.apply(schema, decoded.json());
            if (!applied.passed()) {
                outcomes[i] = rejected(event, subject, applied, schema, now);
                continue;
            }
            valid.add(new Typed(i, event, schema, applied.json()));
        }
        if (valid.isEmpty()) {
            return new FrameOutcomes(List.of(outcomes), null);
        }
        RegistryPipeline pipeline = steps.stepsFor(type);
        StepsResult[] results = new StepsResult[events.size()];
        if (pipeline.steps().size() == 1 && statements != null
                && pipeline.steps().get(0) instanceof PipelineStep.Sql sql) {
            Map<Integer, List<Typed>> byVersion = new LinkedHashMap<>();
            for (Typed typed : valid) {
                byVersion.computeIfAbsent(typed.schema().version(), v -> new ArrayList<>()).add(typed);
            }
            byVersion.forEach((version, group) -> {
                List<StepsResult> frame = statements.runFrame(type, version, sql,
                        group.stream().map(Typed::record).toList());
                for (int g = 0; g < group.size(); g++) {
                    results[group.get(g).index()] = frame.get(g);
                }
            });
        } else {
            for (Typed typed : valid) {
                results[typed.index()] = StepRunner.run(typed.record(), pipeline.steps());
            }
        }
        for (Typed typed : valid) {
            outcomes[typed.index()] = outcome(typed, results[typed.index()], pipeline, subject, now);
        }
        return new FrameOutcomes(List.of(outcomes), pipeline.revision());
    }

    /** A valid event of a frame: its place, its schema and its typed record. */
    private record Typed(int index, FramedEvent event, CompiledSchema schema, JsonNode record) {
    }

    private static Outcome outcome(Typed typed, StepsResult result, RegistryPipeline pipeline, String subject,
            Instant now) {
        FramedEvent event = typed.event();
        CompiledSchema schema = typed.schema();
        if (result instanceof StepsResult.Filtered filtered) {
            return new Outcome.Filtered(event.applied(schema.version(), schema.id(), event.payload())
                    .filtered(filteredBy(pipeline, filtered.index())));
        }
        if (result instanceof StepsResult.Failed failed) {
            return rejected(event, subject, FrameFailure.STAGE_TRANSFORM, "pipeline revision " + pipeline.revision()
                    + ", step "
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
