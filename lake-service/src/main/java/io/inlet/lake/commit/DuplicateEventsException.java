package io.inlet.lake.commit;

/** Another file committed some of the same events first (a concurrent redelivery); nothing was recorded. */
public class DuplicateEventsException extends RuntimeException {

    public DuplicateEventsException(String message, Throwable cause) {
        super(message, cause);
    }
}
