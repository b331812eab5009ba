package io.inlet.transforms;

/** A step could not be applied to one event; the event goes to the error lake (stage {@code transform}). */
public class StepFailure extends RuntimeException {

    public StepFailure(String message) {
        super(message, null, false, false);
    }
}
