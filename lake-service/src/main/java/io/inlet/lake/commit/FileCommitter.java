package io.inlet.lake.commit;

import io.inlet.binder.tracing.FrameTracing;
import io.inlet.binder.tracing.SpanAttributes;
import io.inlet.binder.tracing.SpanRef;
import io.inlet.binder.tracing.TraceSpan;
import io.inlet.lake.buffer.BufferKey;
import io.inlet.lake.buffer.BufferedEvent;
import io.inlet.lake.buffer.HeldDelivery;
import io.inlet.lake.buffer.ErrorRow;
import io.inlet.lake.buffer.Lake;
import io.inlet.lake.buffer.SealedBuffer;
import io.inlet.lake.format.ParquetFileWriter;
import io.inlet.lake.storage.ObjectStore;
import io.inlet.lake.table.PlannedFile;
import io.inlet.lake.table.TableFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a sealed buffer into a committed lake file, then settles its deliveries. The protocol (see
 * ARCHITECTURE.md):
 * <ol>
 * <li>drop events whose origin is already committed in the same lake and event type (a redelivery, a re-published
 * frame), and repeats of an origin inside the buffer: one query per buffer;</li>
 * <li>write the Parquet file locally and upload it to {@code _staging/} (outside every table path);</li>
 * <li>commit: one PostgreSQL transaction records the file and the ranges of its events' origin keys, under an
 * advisory lock on (lake, event type) and after checking again that no committed file overlaps them (so a
 * concurrent commit of the same events fails and we start over at 1); when the commit fails otherwise, its
 * outcome is resolved from the log before the staging object is touched;</li>
 * <li>publish ({@link FilePublisher}): copy the object to its table path, register it with the table format
 * (Iceberg: an append whose snapshot names the file's id), delete the staging object (a janitor finishes this for
 * files committed by a process that died in between);</li>
 * <li>release every event's hold on its delivery, duplicates included: a delivery is acked once every buffer
 * holding one of its events committed ({@link io.inlet.lake.buffer.HeldDelivery}).</li>
 * </ol>
 * Any failure before the commit naks every delivery of the buffer (each once) with backoff: nothing is acked,
 * nothing is lost.
 *
 * <p>With tracing on, the commit is a span of its own: a file holds the events of many frames, of many traces, so the
 * span is a child of the lake span of the file's first frame and links to the others' ({@link FrameTracing#gathering}).
 */
public class FileCommitter implements Consumer<SealedBuffer> {

    private static final Logger log = LoggerFactory.getLogger(FileCommitter.class);
    private static final String STAGING_PREFIX = "_staging/";
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int COMMIT_ATTEMPTS = 3;
    private static final Duration RESOLVE_LOCK_WAIT = Duration.ofSeconds(10);

    private final ParquetFileWriter writer;
    private final ObjectStore storage;
    private final TableFormat format;
    private final FilePublisher publisher;
    private final CommitLog commitLog;
    private final Function<Lake, String> buckets;
    private final Function<Long, Duration> backoff;
    private final int errorSamples;
    private final Counter filesCommitted;
    private final Counter eventsCommitted;
    private final Counter duplicatesDropped;
    private final Counter flushFailures;
    private final Counter unknownCommits;
    private final MeterRegistry meters;
    private final FrameTracing tracing;

    public FileCommitter(ParquetFileWriter writer, ObjectStore storage, TableFormat format, CommitLog commitLog,
                         Function<Lake, String> buckets, Function<Long, Duration> backoff, int errorSamples,
                         MeterRegistry meters) {
        this(writer, storage, format, commitLog, buckets, backoff, errorSamples, meters, FrameTracing.OFF);
    }

    public FileCommitter(ParquetFileWriter writer, ObjectStore storage, TableFormat format, CommitLog commitLog,
                         Function<Lake, String> buckets, Function<Long, Duration> backoff, int errorSamples,
                         MeterRegistry meters, FrameTracing tracing) {
        this.tracing = tracing;
        this.writer = writer;
        this.storage = storage;
        this.format = format;
        this.publisher = new FilePublisher(storage, format, commitLog);
        this.commitLog = commitLog;
        this.buckets = buckets;
        this.backoff = backoff;
        this.errorSamples = errorSamples;
        this.filesCommitted = meters.counter("inlet.lake.files.committed");
        this.eventsCommitted = meters.counter("inlet.lake.events.committed");
        this.duplicatesDropped = meters.counter("inlet.lake.events.duplicates");
        this.flushFailures = meters.counter("inlet.lake.flush.failures");
        this.unknownCommits = meters.counter("inlet.lake.commits.unknown");
        this.meters = meters;
    }

    public static String stagingPrefix() {
        return STAGING_PREFIX;
    }

    @Override
    public void accept(SealedBuffer buffer) {
        if (!tracing.enabled()) {
            settle(buffer);
            return;
        }
        BufferKey key = buffer.key();
        try (TraceSpan span = tracing.gathering("commit " + key.lake().name().toLowerCase(java.util.Locale.ROOT)
                + " " + key.eventType(), "lake", framesOf(buffer))) {
            if (span.recording()) {
                span.tag(SpanAttributes.EVENT_TYPE, key.eventType());
                span.tag(SpanAttributes.EVENT_COUNT, buffer.events().size());
                span.tag("inlet.lake.table", key.table());
            }
            if (!settle(buffer)) {
                span.tag("inlet.lake.committed", "false");
            }
        }
    }

    /** Where the lake spans of the buffer's frames are, each once, in the order their events were buffered. */
    private static List<SpanRef> framesOf(SealedBuffer buffer) {
        java.util.Set<HeldDelivery> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<SpanRef> frames = new ArrayList<>();
        for (BufferedEvent event : buffer.events()) {
            if (seen.add(event.delivery()) && event.delivery().trace() != null) {
                frames.add(event.delivery().trace());
            }
        }
        return frames;
    }

    /** Commits the buffer and settles its deliveries; whether it committed. */
    private boolean settle(SealedBuffer buffer) {
        try {
            commit(buffer);
        } catch (RuntimeException e) {
            flushFailures.increment();
            log.warn("Could not commit {} ({} events): {}; their deliveries are handed back to JetStream for "
                    + "redelivery", buffer.key(), buffer.events().size(), rootMessage(e),
                    log.isDebugEnabled() ? e : null);
            for (BufferedEvent event : buffer.events()) {
                HeldDelivery delivery = event.delivery();
                try {
                    delivery.failed(backoff.apply(delivery.deliveredCount()));
                } catch (RuntimeException nakFailed) {
                    // Connection gone: the ack wait expires and JetStream redelivers.
                }
            }
            return false;
        }
        releaseAll(buffer);
        return true;
    }

    private void commit(SealedBuffer buffer) {
        BufferKey key = buffer.key();
        Map<OriginKey, BufferedEvent> unique = new LinkedHashMap<>();
        for (BufferedEvent event : buffer.events()) {
            unique.putIfAbsent(new OriginKey(event.origin().stream(), event.origin().key()), event);
        }
        OriginRanges asked = OriginRanges.of(unique.values().stream().map(BufferedEvent::origin).toList());
        for (int attempt = 1; ; attempt++) {
            OriginRanges committed = commitLog.committedOrigins(key.lake(), key.eventType(), asked);
            List<BufferedEvent> rows = new ArrayList<>(unique.size());
            for (BufferedEvent event : unique.values()) {
                if (!committed.contains(event.origin())) {
                    rows.add(event);
                }
            }
            duplicatesDropped.increment(buffer.events().size() - rows.size());
            if (rows.isEmpty()) {
                log.debug("All {} events of {} were committed before; acking", buffer.events().size(), key);
                return;
            }
            try {
                writeAndCommit(buffer, rows);
                return;
            } catch (DuplicateEventsException e) {
                if (attempt >= COMMIT_ATTEMPTS) {
                    throw e;
                }
                log.info("{}: {}; writing the file again without them", key, e.getMessage());
            }
        }
    }

    /** An event's exactly-once key: its origin stream and key. */
    private record OriginKey(String stream, long key) {
    }

    private void writeAndCommit(SealedBuffer buffer, List<BufferedEvent> rows) {
        BufferKey key = buffer.key();
        String bucket = buckets.apply(key.lake());
        String id = UUID.randomUUID().toString();
        long started = System.nanoTime();
        PlannedFile planned = format.plan(key, buffer.schema(),
                "part-" + FILE_TIME.format(java.time.Instant.now()) + "-" + id + ".parquet");
        String objectKey = planned.objectKey();
        String stagingKey = STAGING_PREFIX + id + ".parquet";
        Path file = writer.writeRows(buffer.schema(), planned.fileSchema(),
                rows.stream().flatMap(event -> event.row().records()).iterator(), Map.of(
                "inlet.event_type", key.eventType(),
                "inlet.table", key.table(),
                "inlet.schema_versions", buffer.minSchemaVersion() + "-" + buffer.maxSchemaVersion()));
        try {
            long size = Files.size(file);
            storage.upload(bucket, stagingKey, file);
            List<ErrorRow> errors = new ArrayList<>();
            for (BufferedEvent event : rows) {
                if (event.row() instanceof ErrorRow error) {
                    errors.add(error);
                }
            }
            OriginRanges origins = OriginRanges.of(rows.stream().map(BufferedEvent::origin).toList());
            int records = rows.stream().mapToInt(event -> event.row().recordCount()).sum();
            boolean events = key.lake() == Lake.DATA;
            java.time.Instant receivedFrom = null;
            java.time.Instant receivedTo = null;
            for (BufferedEvent event : rows) {
                java.time.Instant at = event.row().receivedAt();
                receivedFrom = receivedFrom == null || at.isBefore(receivedFrom) ? at : receivedFrom;
                receivedTo = receivedTo == null || at.isAfter(receivedTo) ? at : receivedTo;
            }
            FileCommit commit = new FileCommit(key.lake(), bucket, key.eventType(), key.table(), key.partition(),
                    objectKey, stagingKey, records, size,
                    events ? buffer.minSchemaVersion() : null, events ? buffer.maxSchemaVersion() : null,
                    rows.get(0).stream(), receivedFrom, receivedTo);
            long fileId = commitOrResolve(commit, origins, errors);
            filesCommitted.increment();
            eventsCommitted.increment(rows.size());
            countCommitted(key, size, started, errors);
            log.info("Committed {} rows of {} events of {} to s3://{}/{} ({} bytes, {} origin ranges, rolled by {})",
                    records, rows.size(), key.table(), bucket, objectKey, size, origins.rangeCount(), buffer.reason());
            publish(new CommittedFile(fileId, commit, java.time.Instant.now()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            ParquetFileWriter.deleteQuietly(file);
        }
    }

    /**
     * {@code inlet.lake.commits} (by {@code lake}: write, upload and commit of one file), {@code inlet.lake.committed
     * .bytes} (by {@code lake}) and {@code inlet.lake.errors.committed} (error-lake events by {@code event_type} and
     * the {@code stage} that rejected them), counted once per committed event: redeliveries are dropped before.
     */
    private void countCommitted(BufferKey key, long size, long startedNanos, List<ErrorRow> errors) {
        String lake = key.lake().id();
        Timer.builder("inlet.lake.commits").description("Writing, uploading and committing one lake file")
                .tag("lake", lake).publishPercentileHistogram().register(meters)
                .record(System.nanoTime() - startedNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        Counter.builder("inlet.lake.committed.bytes").baseUnit("bytes").description("Bytes of committed lake files")
                .tag("lake", lake).register(meters).increment(size);
        Map<String, Integer> byStage = new LinkedHashMap<>();
        for (ErrorRow error : errors) {
            byStage.merge(error.stage() == null ? "unknown" : error.stage(), 1, Integer::sum);
        }
        byStage.forEach((stage, count) -> Counter.builder("inlet.lake.errors.committed")
                .description("Events committed to the error lake").tag("event_type", key.eventType())
                .tag("stage", stage).register(meters).increment(count));
    }

    /**
     * Commits, and when the commit fails with anything but a duplicate finds out whether it happened before deciding
     * what to do with the staging object: the connection may have died during a COMMIT that PostgreSQL completed,
     * and then the file must be published and the deliveries acked (deleting it would lose its events, whose
     * redeliveries are dropped as duplicates). The resolution waits (up to {@code RESOLVE_LOCK_WAIT}) for the old
     * transaction to end; when the outcome cannot be learnt now (PostgreSQL unreachable), nothing waits or retries
     * here: the staging object stays, the deliveries are nak'd, and the janitor publishes the object if the commit
     * happened and deletes it once abandoned if not.
     */
    private long commitOrResolve(FileCommit commit, OriginRanges origins, List<ErrorRow> errors) {
        try {
            return commitLog.commit(commit, origins, errors, errorSamples);
        } catch (DuplicateEventsException e) {
            deleteQuietly(commit.bucket(), commit.stagingKey());
            throw e;
        } catch (RuntimeException e) {
            CommitLog.Resolution resolution = commitLog.resolve(commit.bucket(), commit.stagingKey(),
                    RESOLVE_LOCK_WAIT);
            switch (resolution.outcome()) {
                case COMMITTED -> {
                    unknownCommits.increment();
                    log.warn("The commit of {} failed ({}) but PostgreSQL had completed it; publishing the file",
                            commit.stagingKey(), rootMessage(e));
                    return resolution.fileId();
                }
                case NOT_COMMITTED -> deleteQuietly(commit.bucket(), commit.stagingKey());
                case UNKNOWN -> {
                    unknownCommits.increment();
                    log.warn("The outcome of the commit of {} is unknown ({}); its staging object stays for the "
                            + "janitor, its events are redelivered", commit.stagingKey(), rootMessage(e));
                }
            }
            throw e;
        }
    }

    /** Moves a committed file from staging into its table; on failure the janitor does it later. */
    void publish(CommittedFile committed) {
        try {
            publisher.publishNew(committed);
        } catch (RuntimeException e) {
            log.warn("Committed file {} is not yet published to {}/{} ({}); the janitor will retry", committed.id(),
                    committed.file().bucket(), committed.file().objectKey(), rootMessage(e));
        }
    }

    private void releaseAll(SealedBuffer buffer) {
        int failed = 0;
        for (BufferedEvent event : buffer.events()) {
            try {
                event.delivery().committed();
            } catch (RuntimeException e) {
                failed++;
            }
        }
        if (failed > 0) {
            log.warn("{} acks of {} could not be sent; those events are committed and their redeliveries will be "
                    + "dropped as duplicates", failed, buffer.key());
        }
    }

    private void deleteQuietly(String bucket, String key) {
        try {
            storage.delete(bucket, key);
        } catch (RuntimeException e) {
            // An orphan staging object is deleted by the janitor.
        }
    }

    public static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : e.getMessage() + " <- " + cause.getMessage();
    }
}
