package io.inlet.pipeline.apply;

import io.inlet.contracts.frame.EventFrame;

/**
 * Where the pipeline's frames go: {@code inlet.valid.<type>} (valid and filtered frames) and
 * {@code inlet.errors.<type>}. The one
 * implementation publishes through the binder ({@link NatsFrameOutputs}); an interface so that a test can make a
 * publish fail.
 */
public interface FrameOutputs {

    /** Publishes a frame of valid events; {@code idBase} as {@code FramePublisher#publish} takes it. */
    void publishValid(EventFrame frame, String idBase);

    /** Publishes a frame of errors; {@code idBase} as {@code FramePublisher#publish} takes it. */
    void publishErrors(EventFrame frame, String idBase);

    /**
     * Publishes a frame of filtered events (to {@code inlet.valid.<type>}, beside the valid frame); {@code idBase} as
     * {@code FramePublisher#publish} takes it.
     */
    void publishFiltered(EventFrame frame, String idBase);

    /** The largest encoded frame one message carries. */
    int maxFrameBytes();
}
