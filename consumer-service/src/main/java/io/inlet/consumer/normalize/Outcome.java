package io.inlet.consumer.normalize;

import io.inlet.contracts.ErrorEnvelope;
import io.inlet.contracts.EventMetadata;

/** What became of one event (or of a whole raw message that could not be split): passed on, or rejected. */
public sealed interface Outcome {

    /** One event, ready for {@code inlet.events.<type>}: its JSON object and its envelope metadata. */
    record Normalized(EventMetadata metadata, byte[] body) implements Outcome {
    }

    /** Input that cannot become an event, for {@code inlet.errors.<type>}. */
    record Rejected(ErrorEnvelope error) implements Outcome {
    }
}
