package io.inlet.pipeline.apply;

import io.inlet.contracts.ErrorEnvelope;
import io.inlet.contracts.EventMetadata;

/** What became of one event in the schema applier. */
public sealed interface Outcome {

    /** Passed: the typed record for {@code inlet.valid.<type>}, with the schema applied. */
    record Valid(EventMetadata metadata, long schemaId, int schemaVersion, byte[] body) implements Outcome {
    }

    /**
     * Valid, but a {@code filter} step of the event type's pipeline was false: published nowhere,
     * counted (metric {@code inlet.pipeline.events{outcome=filtered}}). Not an error.
     */
    record Filtered(EventMetadata metadata, long pipelineRevision, int stepIndex) implements Outcome {
    }

    /** Failed: the error envelope for {@code inlet.errors.<type>}. */
    record Rejected(ErrorEnvelope error) implements Outcome {
    }
}
