package io.inlet.lake.dryrun;

/** A dry run cannot run now: the registry did not answer, or too many run at once (503 / 429). */
public class DryRunUnavailableException extends RuntimeException {

    private final boolean busy;

    public DryRunUnavailableException(String message, boolean busy) {
        super(message);
        this.busy = busy;
    }

    public boolean busy() {
        return busy;
    }
}
