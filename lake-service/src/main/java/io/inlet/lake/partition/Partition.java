package io.inlet.lake.partition;

import io.inlet.lake.schema.TableSchema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * An hourly, Hive-style partition of a table ({@code dt=YYYY-MM-DD/hr=HH}): the UTC hour of the table's partition
 * source column, {@code _inlet_received_at} unless configured otherwise ({@link PartitionSources}). An event whose
 * source value is null or missing is in the null partition ({@link #isNull()}: {@code dt} and {@code hr} are
 * {@value #HIVE_NULL}, the name Hive, Spark, Trino and DuckDB read as null; an Iceberg null partition value).
 *
 * @param source the column the partition is of
 * @param date   the UTC date, {@code null} for the null partition
 * @param hour   0..23, {@value #NULL_HOUR} for the null partition
 */
public record Partition(String source, LocalDate date, int hour) {

    /** The folder name Hive-partitioned readers take for a null partition value. */
    public static final String HIVE_NULL = "__HIVE_DEFAULT_PARTITION__";
    public static final int NULL_HOUR = -1;

    public Partition {
        Objects.requireNonNull(source, "source");
        if (date == null ? hour != NULL_HOUR : hour < 0 || hour > 23) {
            throw new IllegalArgumentException("hour must be 0..23 (or " + NULL_HOUR + " without a date), was "
                    + hour);
        }
    }

    /** An hour of {@code _inlet_received_at}. */
    public Partition(LocalDate date, int hour) {
        this(TableSchema.RECEIVED_AT, date, hour);
    }

    /** The hour of {@code receivedAt}, of {@code _inlet_received_at}. */
    public static Partition of(Instant receivedAt) {
        return of(TableSchema.RECEIVED_AT, receivedAt);
    }

    /** The hour of {@code value} of {@code source}; the null partition when {@code value} is null. */
    public static Partition of(String source, Instant value) {
        if (value == null) {
            return nullOf(source);
        }
        ZonedDateTime utc = value.atZone(ZoneOffset.UTC);
        return new Partition(source, utc.toLocalDate(), utc.getHour());
    }

    /** The partition of rows whose {@code source} is null. */
    public static Partition nullOf(String source) {
        return new Partition(source, null, NULL_HOUR);
    }

    /** As stored in the commit log's {@code dt} / {@code hr} (both null for the null partition). */
    public static Partition fromColumns(String source, LocalDate dt, Integer hr) {
        return dt == null ? nullOf(source == null ? TableSchema.RECEIVED_AT : source)
                : new Partition(source == null ? TableSchema.RECEIVED_AT : source, dt, hr);
    }

    public boolean isNull() {
        return date == null;
    }

    /** The commit log's {@code hr}: null for the null partition. */
    public Integer hourOrNull() {
        return isNull() ? null : hour;
    }

    /** When the partition's hour starts (UTC); null for the null partition. */
    public Instant start() {
        return isNull() ? null : date.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    /** {@code dt=2026-11-24/hr=09}; {@code dt=__HIVE_DEFAULT_PARTITION__/hr=__HIVE_DEFAULT_PARTITION__} if null. */
    public String path() {
        if (isNull()) {
            return "dt=" + HIVE_NULL + "/hr=" + HIVE_NULL;
        }
        return "dt=" + date + "/hr=" + (hour < 10 ? "0" : "") + hour;
    }

    @Override
    public String toString() {
        return TableSchema.RECEIVED_AT.equals(source) ? path() : source + ":" + path();
    }
}
