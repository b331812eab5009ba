package io.inlet.pipeline.apply;

import io.inlet.contracts.EventType;
import io.inlet.contracts.frame.FrameFailure;

/** The stages a {@code FrameFailure} of the pipeline names, and where errors of an unroutable subject go. */
final class Stages {

    /** The input could not be read: not a frame, a frame of another event type, an event that is not JSON. */
    static final String DECODE = FrameFailure.STAGE_DECODE;
    /** The event fails its schema, or no schema exists for it. */
    static final String SCHEMA = FrameFailure.STAGE_SCHEMA;
    /** A pipeline step failed on the event. */
    static final String TRANSFORM = FrameFailure.STAGE_TRANSFORM;
    /** Errors of input whose subject names no valid event type go to {@code inlet.errors.unroutable}. */
    static final EventType UNROUTABLE = EventType.UNROUTABLE;

    private Stages() {
    }
}
