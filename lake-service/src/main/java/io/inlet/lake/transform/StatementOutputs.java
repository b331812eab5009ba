package io.inlet.lake.transform;

import io.inlet.contracts.EventType;
import io.inlet.registryclient.RegistryClient;
import io.inlet.registryclient.RegistryPipeline;
import io.inlet.transforms.PipelineStep;
import java.util.Optional;

/**
 * The typed output of an event type's sql step, as the registry stores it with the pipeline revision: when the
 * subject's pipeline is one {@code sql} step, the lake writes that statement's output row type (a JSON Schema)
 * instead of the schema version's. A frame the pipeline made says which revision made it (the frame's
 * {@code pipelineRevision}): its output is read by revision ({@link #of}, immutable, cached), so every frame lands
 * with the columns of the statement that computed it, also under compatibility {@code NONE} while a change is in
 * flight. Frames that carry no revision (written before format version 2) use the current revision
 * ({@link #current}), read through the registry client's cache.
 */
public final class StatementOutputs {

    /** The output schema of revision {@code revision} of a subject's pipeline. */
    public record Output(long revision, String schema) {
    }

    private final RegistryClient registry;

    public StatementOutputs(RegistryClient registry) {
        this.registry = registry;
    }

    /**
     * The current statement's output, empty when the subject has no sql step. Throws what the registry client
     * throws when the pipeline is neither cached nor obtainable.
     */
    public Optional<Output> current(EventType type) {
        return output(registry.pipeline(type.name()));
    }

    /**
     * The output of revision {@code revision} of the subject's pipeline, empty when that revision has no sql step.
     * Throws what the registry client throws (not found: a revision the subject never had).
     */
    public Optional<Output> of(EventType type, long revision) {
        return output(registry.pipeline(type.name(), revision));
    }

    private static Optional<Output> output(RegistryPipeline pipeline) {
        if (pipeline.steps().size() == 1 && pipeline.steps().get(0) instanceof PipelineStep.Sql sql
                && sql.output() != null) {
            return Optional.of(new Output(pipeline.revision(), sql.output().toString()));
        }
        return Optional.empty();
    }
}
