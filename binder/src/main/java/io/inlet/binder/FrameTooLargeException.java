package io.inlet.binder;

/** An event too large for a JetStream message of its own: nothing was published. */
public class FrameTooLargeException extends IllegalArgumentException {

    public FrameTooLargeException(String message) {
        super(message);
    }
}
