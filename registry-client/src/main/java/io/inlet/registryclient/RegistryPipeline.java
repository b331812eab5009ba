package io.inlet.registryclient;

import io.inlet.transforms.PipelineStep;
import java.util.List;

/**
 * The pipeline steps declared for a subject, in order, and the registry's revision of them
 * ({@code 0} and no steps when none were ever declared).
 */
public record RegistryPipeline(String subject, long revision, List<PipelineStep> steps) {

    public RegistryPipeline {
        steps = List.copyOf(steps);
    }

    public static RegistryPipeline none(String subject) {
        return new RegistryPipeline(subject, 0, List.of());
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }
}
