package io.inlet.faults.inject;

import io.inlet.faults.schedule.PlannedFault;

/**
 * A fault as it happened.
 *
 * @param startedAt epoch millis when it struck (the kill, the stop, the pause)
 * @param endedAt   epoch millis when it was undone: the process healthy again, S3 back, the pipeline resumed
 * @param note      what was seen on the way (e.g. the staging object the lake was writing), or empty
 * @param asPlanned false when the fault could not strike as meant (no file being written when the lake was killed)
 */
public record ExecutedFault(PlannedFault planned, long startedAt, long endedAt, String note, boolean asPlanned) {

    public ExecutedFault(PlannedFault planned, long startedAt, long endedAt, String note) {
        this(planned, startedAt, endedAt, note, true);
    }

    public String label() {
        return planned.label();
    }

    public boolean covers(long at) {
        return at >= startedAt && at <= endedAt;
    }
}
