package io.inlet.lake.compaction;

import io.inlet.lake.commit.CommitLog;
import io.inlet.lake.commit.CommittedFile;
import io.inlet.lake.commit.FileCommit;
import io.inlet.lake.commit.FileCommitter;
import io.inlet.lake.commit.FilePublisher;
import io.inlet.lake.format.ParquetFileMerger;
import io.inlet.lake.format.ParquetFileWriter;
import io.inlet.lake.storage.ObjectStore;
import io.inlet.lake.table.TableFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.parquet.schema.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts closed partitions, for every table format: once a closed partition has more than {@code max-files}
 * files under the target size, its small files (by schema: files of one
 * schema version's columns merge with each other) are merged into files of about the target size, which replace
 * them atomically: first in the commit log ({@link CommitLog#commitCompaction}: the new file and its origins in,
 * the old rows out, in one transaction), then for readers of the table ({@link FilePublisher}: Iceberg's rewrite
 * commit, or for the folder layout the old objects deleted after the new one is in place). A crash between any two
 * steps leaves either nothing changed (an orphan staging object for the janitor) or a committed compaction the
 * janitor publishes; rows and ids are exactly those of the replaced files (the merge is checked by row count).
 *
 * <p>One lake instance compacts at a time: a run holds a PostgreSQL advisory lock on its own connection, and a run
 * that cannot take it does nothing.
 */
public class Compactor {

    private static final Logger log = LoggerFactory.getLogger(Compactor.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** When a partition is compacted and into what. */
    public record Policy(Duration closedAfter, int maxFiles, long targetFileSize, int maxPartitionsPerRun,
                         Duration historyRetention) {
    }

    private final CommitLog commitLog;
    private final ObjectStore storage;
    private final FilePublisher publisher;
    private final TableFormat format;
    private final ParquetFileMerger merger;
    private final DataSource dataSource;
    private final Path temp;
    private final Policy policy;
    private final RewriteGuard guard;
    private final Clock clock;
    private final Counter runs;
    private final Counter skipped;
    private final Counter failures;
    private final Counter filesReplaced;
    private final Counter filesWritten;
    private final Counter bytesRewritten;
    private final Counter snapshotsExpired;
    private final Counter deferred;
    private final Timer duration;

    public Compactor(CommitLog commitLog, ObjectStore storage, FilePublisher publisher, TableFormat format,
                     ParquetFileMerger merger, DataSource dataSource, Path temp, Policy policy, RewriteGuard guard,
                     Clock clock, MeterRegistry meters) {
        this.commitLog = commitLog;
        this.storage = storage;
        this.publisher = publisher;
        this.format = format;
        this.merger = merger;
        this.dataSource = dataSource;
        this.temp = temp;
        this.policy = policy;
        this.guard = guard;
        this.clock = clock;
        this.runs = meters.counter("inlet.lake.compaction.runs");
        this.skipped = meters.counter("inlet.lake.compaction.runs.skipped");
        this.failures = meters.counter("inlet.lake.compaction.failures");
        this.filesReplaced = meters.counter("inlet.lake.compaction.files.replaced");
        this.filesWritten = meters.counter("inlet.lake.compaction.files.written");
        this.bytesRewritten = Counter.builder("inlet.lake.compaction.bytes.rewritten").baseUnit("bytes")
                .register(meters);
        this.snapshotsExpired = meters.counter("inlet.lake.compaction.snapshots.expired");
        this.deferred = meters.counter("inlet.lake.compaction.deferred");
        this.duration = Timer.builder("inlet.lake.compaction.duration").description("One compaction run")
                .register(meters);
    }

    /** One run, for the schedule: failures are logged and counted, the next run retries. */
    public void run() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("Compaction run failed ({}); the next run retries", FileCommitter.rootMessage(e));
        }
    }

    /**
     * Compacts what is due now, unless another instance is compacting.
     *
     * @return how many files were written (0 when none were due or another instance holds the lock)
     */
    public int runOnce() {
        try (Connection lock = dataSource.getConnection()) {
            if (!tryLock(lock)) {
                skipped.increment();
                return 0;
            }
            try {
                runs.increment();
                return duration.record(this::compactDue);
            } finally {
                unlock(lock);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("compaction lock: " + e.getMessage(), e);
        }
    }

    private int compactDue() {
        Instant closedBefore = clock.instant().minus(policy.closedAfter());
        int written = 0;
        for (CommitLog.PartitionOfTable partition : commitLog.compactionCandidates(closedBefore, policy.maxFiles(),
                policy.targetFileSize(), policy.maxPartitionsPerRun())) {
            written += compact(partition);
        }
        // History a committed but unpublished file may still be checked against stays (see IcebergTables).
        Instant expireBefore = clock.instant().minus(policy.historyRetention());
        Instant unpublished = commitLog.oldestUnpublished().map(t -> t.minus(Duration.ofHours(2))).orElse(null);
        if (unpublished != null && unpublished.isBefore(expireBefore)) {
            expireBefore = unpublished;
        }
        snapshotsExpired.increment(format.expireHistory(expireBefore));
        return written;
    }

    /** Compacts one partition; returns how many files it wrote. */
    int compact(CommitLog.PartitionOfTable partition) {
        Optional<String> refusal = guard.refusal(partition.lake(), partition.eventType());
        if (refusal.isPresent()) {
            deferred.increment();
            log.info("Not compacting {} {} now: {}", partition.table(), partition.partition(), refusal.get());
            return 0;
        }
        List<CommittedFile> files = commitLog.publishedFiles(partition);
        List<CommittedFile> small = new ArrayList<>();
        for (CommittedFile file : files) {
            if (file.file().sizeBytes() < policy.targetFileSize()) {
                small.add(file);
            }
        }
        if (small.size() <= Math.max(policy.maxFiles(), 1)) {
            return 0;
        }
        Path dir = tempDirectory();
        try {
            Map<MessageType, List<Local>> bySchema = new LinkedHashMap<>();
            for (CommittedFile file : small) {
                Path local = dir.resolve(file.id() + ".parquet");
                storage.download(file.file().bucket(), file.file().objectKey(), local);
                bySchema.computeIfAbsent(ParquetFileMerger.schemaOf(local), s -> new ArrayList<>())
                        .add(new Local(file, local));
            }
            int written = 0;
            for (List<Local> sameSchema : bySchema.values()) {
                for (List<Local> group : binPack(sameSchema)) {
                    if (merge(partition, group, dir)) {
                        written++;
                    }
                }
            }
            return written;
        } finally {
            deleteTree(dir);
        }
    }

    /** Consecutive files, each group up to the target size (an oversize group only of one file is left alone). */
    private List<List<Local>> binPack(List<Local> files) {
        List<List<Local>> groups = new ArrayList<>();
        List<Local> current = new ArrayList<>();
        long size = 0;
        for (Local file : files) {
            long next = file.committed().file().sizeBytes();
            if (!current.isEmpty() && size + next > policy.targetFileSize()) {
                groups.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(file);
            size += next;
        }
        groups.add(current);
        groups.removeIf(g -> g.size() < 2);
        return groups;
    }

    /** Merges one group into a file and switches to it; {@code false} when the guard refused the switch. */
    private boolean merge(CommitLog.PartitionOfTable partition, List<Local> group, Path dir) {
        Path merged = dir.resolve("merged-" + UUID.randomUUID() + ".parquet");
        long rows = merger.merge(group.stream().map(Local::path).toList(), merged);
        long expected = group.stream().mapToLong(l -> l.committed().file().rowCount()).sum();
        if (rows != expected) {
            throw new IllegalStateException("merged " + rows + " rows of " + expected + " in " + partition);
        }
        List<CommittedFile> replaced = group.stream().map(Local::committed).toList();
        FileCommit first = replaced.get(0).file();
        String id = UUID.randomUUID().toString();
        String folder = first.objectKey().substring(0, first.objectKey().lastIndexOf('/') + 1);
        String objectKey = folder + "part-" + FILE_TIME.format(clock.instant()) + "-compacted-" + id + ".parquet";
        String stagingKey = FileCommitter.stagingPrefix() + id + ".parquet";
        long size = ParquetFileMerger.size(merged);
        storage.upload(first.bucket(), stagingKey, merged);
        FileCommit file = new FileCommit(first.lake(), first.bucket(), first.eventType(), first.table(),
                first.partition(), objectKey, stagingKey, (int) rows, size,
                schemaVersion(replaced, true), schemaVersion(replaced, false), first.stream(),
                receivedBound(replaced, true), receivedBound(replaced, false));
        long fileId;
        try {
            fileId = commitLog.commitCompaction(file, replaced, guard);
        } catch (RewriteRefusedException refused) {
            deferred.increment();
            storage.delete(first.bucket(), stagingKey);
            log.info("Not compacting {} {} now: {}", first.table(), partition.partition(), refused.getMessage());
            return false;
        }
        filesReplaced.increment(replaced.size());
        filesWritten.increment();
        bytesRewritten.increment(size);
        log.info("Compacted {} files of {} {} into {} ({} rows, {} bytes)", replaced.size(), first.table(),
                partition.partition(), objectKey, rows, size);
        try {
            publisher.publish(new CommittedFile(fileId, file, clock.instant()), replaced);
        } catch (RuntimeException e) {
            log.warn("Compacted file {} is committed but not yet published ({}); the janitor will finish",
                    fileId, FileCommitter.rootMessage(e));
        }
        return true;
    }

    private static Integer schemaVersion(List<CommittedFile> files, boolean lowest) {
        Integer result = null;
        for (CommittedFile f : files) {
            Integer v = lowest ? f.file().minSchemaVersion() : f.file().maxSchemaVersion();
            if (v != null && (result == null || (lowest ? v < result : v > result))) {
                result = v;
            }
        }
        return result;
    }

    /** The earliest (or latest) received-at of the files; null when one of them does not know its own. */
    private static Instant receivedBound(List<CommittedFile> files, boolean earliest) {
        Instant result = null;
        for (CommittedFile f : files) {
            Instant at = earliest ? f.file().receivedFrom() : f.file().receivedTo();
            if (at == null) {
                return null;
            }
            result = result == null || (earliest ? at.isBefore(result) : at.isAfter(result)) ? at : result;
        }
        return result;
    }

    private record Local(CommittedFile committed, Path path) {
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "select pg_try_advisory_lock(hashtextextended('lake-compaction:' || current_schema(), 0))")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void unlock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_advisory_unlock(hashtextextended('lake-compaction:' || current_schema(), 0))");
        }
    }

    private Path tempDirectory() {
        try {
            Files.createDirectories(temp);
            return Files.createTempDirectory(temp, "compaction-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(ParquetFileWriter::deleteQuietly);
        } catch (IOException e) {
            // Leftover temporary files are harmless.
        }
    }
}
