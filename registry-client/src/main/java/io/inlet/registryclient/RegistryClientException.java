package io.inlet.registryclient;

/** The registry answered with an error, or could not be reached and nothing was cached. */
public class RegistryClientException extends RuntimeException {

    private final int status;
    private final int errorCode;

    public RegistryClientException(String message, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** HTTP status, or 0 if the registry was not reached. */
    public int status() {
        return status;
    }

    /** Confluent error code (e.g. 40401), or 0 if none. */
    public int errorCode() {
        return errorCode;
    }

    /** Subject, version or schema not found (404). */
    public boolean notFound() {
        return status == 404;
    }
}
