package io.inlet.lake.replay;

import java.time.Instant;

/**
 * A replay as the API shows it: what it replays and how far it got.
 *
 * @param status     {@code running}, {@code paused} (its publishes kept failing: {@code message} says why, a
 *                   {@code POST .../resume} goes on from its cursor), {@code done}, {@code failed} or
 *                   {@code cancelled}
 * @param filesTotal error-lake files its selection covers (those committed before it started)
 * @param filesDone  of them read to the end
 * @param scanned    error rows read
 * @param matched    of them selected
 * @param sent       of them published back to {@code inlet.raw.<type>} (confirmed by JetStream)
 * @param message    while running, the last publish error since its last recorded frame; why it paused, failed or
 *                   was cancelled; else null
 */
public record Replay(String id, String eventType, String status, ReplaySelection selection, Integer targetVersion,
                     int ratePerSecond, int filesTotal, int filesDone, long scanned, long matched, long sent,
                     String message, Instant createdAt, Instant updatedAt, Instant finishedAt) {

    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    /** Every status, for the per-status gauge. */
    public static final java.util.List<String> STATUSES = java.util.List.of(RUNNING, PAUSED, DONE, FAILED, CANCELLED);

    /** Progress as a fraction of the files, 0..1. */
    public double progress() {
        return filesTotal == 0 ? 1.0 : Math.min(1.0, (double) filesDone / filesTotal);
    }
}
