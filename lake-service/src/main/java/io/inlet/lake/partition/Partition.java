package io.inlet.lake.partition;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * An hourly, Hive-style partition of a table ({@code dt=YYYY-MM-DD/hr=HH}), chosen by when Inlet received the
 * event (UTC), so late or clock-skewed producers cannot scatter a batch over the past.
 */
public record Partition(LocalDate date, int hour) {

    public Partition {
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("hour must be 0..23, was " + hour);
        }
    }

    public static Partition of(Instant receivedAt) {
        ZonedDateTime utc = receivedAt.atZone(ZoneOffset.UTC);
        return new Partition(utc.toLocalDate(), utc.getHour());
    }

    /** {@code dt=2026-11-24/hr=09} */
    public String path() {
        return "dt=" + date + "/hr=" + (hour < 10 ? "0" : "") + hour;
    }

    @Override
    public String toString() {
        return path();
    }
}
