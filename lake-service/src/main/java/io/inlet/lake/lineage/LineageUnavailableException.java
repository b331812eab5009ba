package io.inlet.lake.lineage;

/** What a lookup needs to read (NATS, S3) cannot be reached now (a 503). */
public class LineageUnavailableException extends RuntimeException {

    public LineageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
