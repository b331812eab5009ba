package io.inlet.faults.report;

/**
 * Per accepted event: when its 202 came back and when it reached the lake (the mtime of the published file that
 * holds it), epoch millis; {@code arrivedAt[i] == 0} for an event that never arrived.
 */
public record Deliveries(long[] acceptedAt, long[] arrivedAt) {

    public Deliveries {
        if (acceptedAt.length != arrivedAt.length) {
            throw new IllegalArgumentException("one arrival per accepted event");
        }
    }

    public int size() {
        return acceptedAt.length;
    }
}
