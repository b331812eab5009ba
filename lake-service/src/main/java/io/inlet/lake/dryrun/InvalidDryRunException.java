package io.inlet.lake.dryrun;

/** A dry-run request that cannot run as asked (400): the message says what to change. */
public class InvalidDryRunException extends RuntimeException {

    public InvalidDryRunException(String message) {
        super(message);
    }
}
