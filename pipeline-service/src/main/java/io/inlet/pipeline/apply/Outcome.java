package io.inlet.pipeline.apply;

import io.inlet.contracts.ErrorEnvelope;
import io.inlet.contracts.EventMetadata;

/** What became of one event in the schema applier. */
public sealed interface Outcome {

    /** Passed: the typed record for {@code inlet.valid.<type>}, with the schema applied. */
    record Valid(EventMetadata metadata, long schemaId, int schemaVersion, byte[] body) implements Outcome {
    }

    /** Failed: the error envelope for {@code inlet.errors.<type>}. */
    record Rejected(ErrorEnvelope error) implements Outcome {
    }
}
