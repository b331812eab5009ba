package io.inlet.pipeline.apply;

import io.inlet.contracts.frame.FramedEvent;

/** What became of one event in the schema applier. */
public sealed interface Outcome {

    /** Passed: the event as its schema applied it (version, schema id, typed and transformed record). */
    record Valid(FramedEvent event) implements Outcome {
    }

    /**
     * Valid, but a {@code filter} step (or a {@code sql} step's {@code WHERE}) of the event type's pipeline kept it
     * out: the event's envelope with the step ({@link FramedEvent#filteredBy()}) and no payload, for the filtered
     * frame on {@code inlet.valid.<type>}; counted (metric {@code inlet.pipeline.events{outcome=filtered}}). Not an
     * error.
     */
    record Filtered(FramedEvent event) implements Outcome {
    }

    /** Failed: the event with its failure and its original bytes, for {@code inlet.errors.<type>}. */
    record Rejected(FramedEvent event) implements Outcome {
    }
}
