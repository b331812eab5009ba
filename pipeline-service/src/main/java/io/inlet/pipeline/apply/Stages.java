package io.inlet.pipeline.apply;

import io.inlet.contracts.EventType;

/** The stages a {@code FrameFailure} of the pipeline names, and where errors of an unroutable subject go. */
final class Stages {

    /** The input could not be read: not a frame, a frame of another event type, an event that is not JSON. */
    static final String DECODE = "decode";
    /** The event fails its schema, or no schema exists for it. */
    static final String SCHEMA = "schema";
    /** A pipeline step failed on the event. */
    static final String TRANSFORM = "transform";
    /** Errors of input whose subject names no valid event type go to {@code inlet.errors.unroutable}. */
    static final EventType UNROUTABLE = EventType.of("unroutable");

    private Stages() {
    }
}
