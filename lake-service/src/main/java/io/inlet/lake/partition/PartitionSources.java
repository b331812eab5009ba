package io.inlet.lake.partition;

import io.inlet.lake.buffer.EventRow;
import io.inlet.columns.Column;
import io.inlet.lake.schema.TableSchema;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which column a data-lake table is partitioned by ({@code inlet.lake.partitioning.*}): {@code _inlet_received_at}
 * by default, or per event type a top-level {@code date-time} column of its schema (e.g. {@code occurred_at}).
 * The configured names are checked at start-up ({@link #check}); whether the column is a timestamp is known only
 * once the type's schema is (the registry serves it at run time): a table whose columns lack it, or have it with
 * another type, is partitioned by received-at, with a WARN (once per table and column) and the counter
 * {@value #FALLBACK_METRIC} (events, by {@code event_type}); no event is refused for it. The error lake is always
 * partitioned by received-at (an error row may not have the field).
 */
public final class PartitionSources {

    public static final String FALLBACK_METRIC = "inlet.lake.partitioning.fallback.events";

    private static final Logger log = LoggerFactory.getLogger(PartitionSources.class);
    private static final Source RECEIVED_AT = new Source(TableSchema.RECEIVED_AT, 1, false);

    /**
     * The partition source column of one table.
     *
     * @param column   the column's name
     * @param index    its index among the table's top-level columns
     * @param fallback whether it is received-at because the configured column is not a timestamp of the table
     */
    public record Source(String column, int index, boolean fallback) {

        public boolean isReceivedAt() {
            return TableSchema.RECEIVED_AT.equals(column);
        }

        /** The partition of a row converted for the table. */
        public Partition partitionOf(EventRow row, Instant receivedAt) {
            if (isReceivedAt()) {
                return Partition.of(receivedAt);
            }
            Long micros = row.topLevelLong(index);
            return Partition.of(column, micros == null ? null
                    : Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000));
        }
    }

    private final String defaultSource;
    private final Map<String, String> byType;
    private final MeterRegistry meters;
    private final Map<String, Boolean> warned = new ConcurrentHashMap<>();
    private final Map<String, Counter> fallbacks = new ConcurrentHashMap<>();

    /**
     * @param byType per event type (its name, or its name with dots as dashes) the source column
     */
    public PartitionSources(String defaultSource, Map<String, String> byType, MeterRegistry meters) {
        this.defaultSource = defaultSource;
        this.byType = Map.copyOf(byType);
        this.meters = meters;
        check(defaultSource, "inlet.lake.partitioning.source");
        byType.forEach((type, source) -> check(source, "inlet.lake.partitioning.by-type." + type + ".source"));
    }

    /** Every table by received-at. */
    public static PartitionSources receivedAt() {
        return new PartitionSources(TableSchema.RECEIVED_AT, Map.of(), new SimpleMeterRegistry());
    }

    /**
     * Refuses a source that cannot be a partition column whatever the schema: blank, nested, or a metadata column
     * other than received-at.
     */
    static void check(String source, String property) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException(property + " must name a column (" + TableSchema.RECEIVED_AT
                    + " or a top-level date-time field)");
        }
        if (!source.equals(source.strip()) || source.contains(".") || source.contains("/")) {
            throw new IllegalArgumentException(property + "=" + source + ": only a top-level field can be the "
                    + "partition source (no path, no spaces)");
        }
        if (source.startsWith("_inlet_") && !TableSchema.RECEIVED_AT.equals(source)) {
            throw new IllegalArgumentException(property + "=" + source + ": of the lake's metadata columns only "
                    + TableSchema.RECEIVED_AT + " is a timestamp");
        }
    }

    /** The configured source column of {@code eventType} (whether or not its schema has it). */
    public String configured(String eventType) {
        String source = byType.get(eventType);
        if (source == null) {
            source = byType.get(eventType.replace('.', '-'));
        }
        return source != null ? source : defaultSource;
    }

    /** The source column of a data-lake table of {@code eventType} with {@code columns}. */
    public Source of(String eventType, TableSchema columns) {
        String configured = configured(eventType);
        if (TableSchema.RECEIVED_AT.equals(configured)) {
            return RECEIVED_AT;
        }
        List<Column> fields = columns.root().fields();
        for (int i = 0; i < fields.size(); i++) {
            Column field = fields.get(i);
            if (field.name().equals(configured)) {
                if (field instanceof Column.Primitive p && p.kind() == Column.Kind.TIMESTAMP) {
                    return new Source(configured, i, false);
                }
                return fallback(eventType, configured, "is not a date-time string in its schema");
            }
        }
        return fallback(eventType, configured, "is not a top-level field of its schema");
    }

    /** Counts events of {@code eventType} partitioned by received-at although another column was configured. */
    public void countFallback(String eventType) {
        fallbacks.computeIfAbsent(eventType, t -> Counter.builder(FALLBACK_METRIC)
                .description("Events partitioned by received-at because the configured source column is not a "
                        + "timestamp of their table").tag("event_type", t).register(meters)).increment();
    }

    private Source fallback(String eventType, String configured, String why) {
        if (warned.putIfAbsent(eventType + "\u0000" + configured + "\u0000" + why, Boolean.TRUE) == null) {
            log.warn("Partitioning {} by {}: the configured partition source {} {}; fix "
                    + "inlet.lake.partitioning.by-type or the schema", eventType, TableSchema.RECEIVED_AT,
                    configured, why);
        }
        return new Source(TableSchema.RECEIVED_AT, 1, true);
    }
}
