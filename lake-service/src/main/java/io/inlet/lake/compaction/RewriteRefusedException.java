package io.inlet.lake.compaction;

/** A compaction whose files the {@link RewriteGuard} refused at the commit-log switch: nothing was changed. */
public class RewriteRefusedException extends RuntimeException {

    public RewriteRefusedException(String message) {
        super(message);
    }
}
