package io.inlet.lake.ingest;

/** An event cannot be placed now (e.g. the registry is unreachable); its delivery is retried later. */
class TransientLakeException extends RuntimeException {

    TransientLakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
