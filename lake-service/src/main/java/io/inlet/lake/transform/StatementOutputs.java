package io.inlet.lake.transform;

import io.inlet.contracts.EventType;
import io.inlet.registryclient.RegistryClient;
import io.inlet.registryclient.RegistryPipeline;
import io.inlet.transforms.PipelineStep;
import java.util.Optional;

/**
 * The typed output of an event type's sql step, as the registry stores it with the pipeline revision: when the
 * subject's pipeline is one {@code sql} step, the lake writes that statement's output row type (a JSON Schema)
 * instead of the schema version's. Read through the registry client's cache, so a new statement reaches the lake
 * within the client's refresh interval, as it reaches the pipeline-service.
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
        RegistryPipeline pipeline = registry.pipeline(type.name());
        if (pipeline.steps().size() == 1 && pipeline.steps().get(0) instanceof PipelineStep.Sql sql
                && sql.output() != null) {
            return Optional.of(new Output(pipeline.revision(), sql.output().toString()));
        }
        return Optional.empty();
    }
}
