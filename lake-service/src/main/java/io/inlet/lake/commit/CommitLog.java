package io.inlet.lake.commit;

import io.inlet.lake.buffer.ErrorRow;
import io.inlet.lake.buffer.Lake;
import io.inlet.lake.schema.TableSchema;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The commit log in PostgreSQL (schema in {@code db/migration}). */
public class CommitLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public CommitLog(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Which of these origins are already in a committed file of the same lake and event type: per origin stream
     * one query (one in practice), which first tests the buffer's whole multirange for overlap ({@code &&}, on the
     * GiST index of {@code lake_file_origin.ranges}) and only for the files that overlap returns the intersection.
     * Across the lake's event types and both lakes the ranges of one origin stream are disjoint (every event has
     * its own key), so the index finds only true overlaps: nothing for a first delivery, the redelivered part for
     * a redelivery. The cost follows the number of ranges asked about and found, not the size of the log.
     *
     * @return the committed part of {@code buffer}: an event is committed iff {@code contains(its origin)}
     */
    public OriginRanges committedOrigins(Lake lake, String eventType, OriginRanges buffer) {
        List<String> streams = new ArrayList<>();
        List<Long> lowers = new ArrayList<>();
        List<Long> uppers = new ArrayList<>();
        for (String stream : buffer.streams()) {
            String ranges = buffer.multirange(stream);
            jdbc.query("""
                    select lower(r), upper(r) from lake_file_origin o
                    cross join lateral unnest(o.ranges * ?::int8multirange) as r
                    where o.ranges && ?::int8multirange and o.lake = ? and o.event_type = ? and o.origin_stream = ?""",
                    rs -> {
                        streams.add(stream);
                        lowers.add(rs.getLong(1));
                        uppers.add(rs.getLong(2));
                    }, ranges, ranges, lake.id(), eventType, stream);
        }
        return streams.isEmpty() ? OriginRanges.none() : OriginRanges.ofRanges(streams, lowers, uppers);
    }

    /**
     * Records a file and the origin ranges of its events, in one transaction: the commit point of the lake. It
     * costs one {@code lake_file} row and one {@code lake_file_origin} row per origin stream (one in practice),
     * however many events the file holds. The transaction takes two advisory locks until it ends: one on the
     * file's staging key, so that {@link #resolve} can wait for a commit whose outcome the caller never learnt,
     * and one on (lake, event type), under which it checks that no committed file overlaps the ranges, so that
     * two lake instances never commit the same origin twice.
     *
     * @return the file's id
     * @throws DuplicateEventsException when one of the events is already committed (nothing is recorded)
     * @throws RuntimeException         any other failure: the outcome is unknown (the connection may have died
     *                                  during a COMMIT that PostgreSQL completed); ask {@link #resolve}
     */
    public long commit(FileCommit file, OriginRanges origins, List<ErrorRow> samples, int samplesPerType) {
        try {
            Long id = transactions.execute(status -> {
                lockStagingKey(file.stagingKey());
                lockEventType(file.lake(), file.eventType());
                for (String stream : origins.streams()) {
                    Boolean overlaps = jdbc.queryForObject("""
                            select exists (select 1 from lake_file_origin where ranges && ?::int8multirange
                                and lake = ? and event_type = ? and origin_stream = ?)""", Boolean.class,
                            origins.multirange(stream), file.lake().id(), file.eventType(), stream);
                    if (Boolean.TRUE.equals(overlaps)) {
                        throw new DuplicateEventsException("some events of " + file.eventType() + " from " + stream
                                + " were committed meanwhile", null);
                    }
                }
                Long fileId = insertFile(file);
                for (String stream : origins.streams()) {
                    jdbc.update("""
                            insert into lake_file_origin (file_id, lake, event_type, origin_stream, ranges)
                            values (?, ?, ?, ?, ?::int8multirange)""",
                            fileId, file.lake().id(), file.eventType(), stream, origins.multirange(stream));
                }
                if (!samples.isEmpty() && samplesPerType > 0) {
                    recordSamples(file.eventType(), fileId, samples, samplesPerType);
                }
                return fileId;
            });
            return id;
        } catch (DuplicateKeyException e) {
            throw new DuplicateEventsException("a file of " + file.eventType() + " was committed meanwhile", e);
        }
    }

    private Long insertFile(FileCommit file) {
        return jdbc.queryForObject("""
                insert into lake_file (lake, bucket, event_type, table_name, dt, hr, object_key, staging_key,
                    row_count, size_bytes, min_schema_version, max_schema_version, stream, partition_source,
                    received_from, received_to)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                returning id""", Long.class,
                file.lake().id(), file.bucket(), file.eventType(), file.table(),
                file.partition().isNull() ? null : java.sql.Date.valueOf(file.partition().date()),
                file.partition().hourOrNull(),
                file.objectKey(), file.stagingKey(), file.rowCount(), file.sizeBytes(),
                file.minSchemaVersion(), file.maxSchemaVersion(), file.stream(), storedSource(file.partition()),
                timestamp(file.receivedFrom()), timestamp(file.receivedTo()));
    }

    /** {@code partition_source}: null for received-at (as every file before V5). */
    private static String storedSource(io.inlet.lake.partition.Partition partition) {
        return TableSchema.RECEIVED_AT.equals(partition.source()) ? null : partition.source();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private void recordSamples(String eventType, long fileId, List<ErrorRow> rows, int samplesPerType) {
        List<ErrorRow> newest = rows.subList(Math.max(0, rows.size() - samplesPerType), rows.size());
        jdbc.batchUpdate("""
                insert into lake_error_sample (event_type, event_id, stage, reason, violations, payload, received_at,
                    file_id) values (?, ?, ?, ?, ?::jsonb, ?, ?, ?)""", newest, 500, (ps, row) -> {
            ps.setString(1, eventType);
            ps.setString(2, text(row.eventId()));
            ps.setString(3, text(row.stage()));
            ps.setString(4, text(row.reason()));
            ps.setString(5, JSON.writeValueAsString(row.violations()).replace("\\u0000", "\\uFFFD"));
            ps.setString(6, text(clip(row.payload(), 4096)));
            ps.setTimestamp(7, Timestamp.from(row.receivedAt()));
            ps.setLong(8, fileId);
        });
        jdbc.update("""
                delete from lake_error_sample where event_type = ? and id <= (
                    select id from lake_error_sample where event_type = ? order by id desc offset ? limit 1)""",
                eventType, eventType, samplesPerType);
    }

    /**
     * What became of a commit that failed with something other than a duplicate.
     *
     * @param fileId the committed file's id, when {@code outcome} is {@link Outcome#COMMITTED}
     */
    public record Resolution(Outcome outcome, Long fileId) {
    }

    public enum Outcome { COMMITTED, NOT_COMMITTED, UNKNOWN }

    /**
     * Resolves a commit whose outcome is unknown. It first waits (up to {@code lockWait}) for the transaction that
     * recorded the file to end: that transaction holds the advisory lock on the staging key until it committed or
     * rolled back, even after its client is gone. Then it reads whether the file is in the log.
     *
     * @return {@link Outcome#UNKNOWN} when PostgreSQL cannot be asked now, or the old transaction still holds the lock
     */
    public Resolution resolve(String bucket, String stagingKey, Duration lockWait) {
        try {
            List<Long> ids = transactions.execute(status -> {
                jdbc.execute("set local lock_timeout = " + Math.max(1, lockWait.toMillis()));
                lockStagingKey(stagingKey);
                return jdbc.queryForList("select id from lake_file where bucket = ? and staging_key = ?", Long.class,
                        bucket, stagingKey);
            });
            return ids == null || ids.isEmpty() ? new Resolution(Outcome.NOT_COMMITTED, null)
                    : new Resolution(Outcome.COMMITTED, ids.get(0));
        } catch (RuntimeException e) {
            return new Resolution(Outcome.UNKNOWN, null);
        }
    }

    /**
     * Whether a staging object may be deleted: no committed file refers to it, and no transaction that could still
     * record one is open (the staging key's advisory lock is free).
     */
    public boolean isAbandonedStagingKey(String bucket, String stagingKey) {
        return Boolean.TRUE.equals(transactions.execute(status -> jdbc.queryForObject(
                "select pg_try_advisory_xact_lock(hashtextextended(?, 0)) and not exists "
                        + "(select 1 from lake_file where bucket = ? and staging_key = ?)",
                Boolean.class, stagingKey, bucket, stagingKey)));
    }

    /** Held until the transaction ends: its commit and {@link #resolve} of the same key exclude each other. */
    private void lockStagingKey(String stagingKey) {
        jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, 0))", rs -> null, stagingKey);
    }

    public void markPublished(long fileId) {
        jdbc.update("update lake_file set published_at = now() where id = ? and published_at is null", fileId);
    }

    /** Committed files not yet published (copied from staging to their key and registered), oldest first. */
    public List<CommittedFile> unpublishedOlderThan(Duration age) {
        return jdbc.query(FILE_COLUMNS + " where published_at is null and committed_at < ? order by id limit 1000",
                CommitLog::committedFile, Timestamp.from(Instant.now().minus(age)));
    }

    static final String FILE_COLUMNS = """
            select id, lake, bucket, event_type, table_name, dt, hr, object_key, staging_key, row_count, size_bytes,
                min_schema_version, max_schema_version, stream, committed_at, partition_source, received_from,
                received_to from lake_file""";

    static CommittedFile committedFile(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new CommittedFile(rs.getLong("id"), new FileCommit(Lake.fromId(rs.getString("lake")),
                rs.getString("bucket"), rs.getString("event_type"), rs.getString("table_name"),
                partitionOf(rs.getString("partition_source"), rs.getDate("dt"), (Number) rs.getObject("hr")),
                rs.getString("object_key"), rs.getString("staging_key"), rs.getInt("row_count"),
                rs.getLong("size_bytes"), (Integer) rs.getObject("min_schema_version"),
                (Integer) rs.getObject("max_schema_version"), rs.getString("stream"),
                instant(rs.getTimestamp("received_from")), instant(rs.getTimestamp("received_to"))),
                rs.getTimestamp("committed_at").toInstant());
    }

    /**
     * A file's rows were received in {@code [?, ?)} (two timestamptz parameters: from, to): by {@code received_from} /
     * {@code received_to}, or for files before V5 (partitioned by received-at) by their hour.
     */
    public static final String RECEIVED_IN_WINDOW = "coalesce(received_to, (dt + make_interval(hours => hr + 1)) at "
            + "time zone 'UTC' - interval '1 microsecond') >= ?::timestamptz and coalesce(received_from, "
            + "(dt + make_interval(hours => hr)) at time zone 'UTC') < ?::timestamptz";

    /** A partition as the commit log stores it ({@code partition_source}, {@code dt}, {@code hr}). */
    public static io.inlet.lake.partition.Partition partitionOf(String source, java.sql.Date dt, Number hr) {
        return io.inlet.lake.partition.Partition.fromColumns(source, dt == null ? null : dt.toLocalDate(),
                hr == null ? null : hr.intValue());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** A partition of a table that compaction may rewrite. */
    public record PartitionOfTable(Lake lake, String bucket, String eventType, String table,
                                   io.inlet.lake.partition.Partition partition) {
    }

    /**
     * Closed partitions (their hour ended before {@code closedBefore}) with more than {@code maxFiles} (at least
     * one) published files under {@code smallerThan} bytes, oldest first. Only small files are merged, so a
     * partition of big files is never a candidate (and never takes a run's place from one that is). Partitions of
     * another source column are apart (a table whose setting changed has both); the null partition never closes,
     * so its files count once they were committed before {@code closedBefore}. A partition of event time may still
     * get (late) files when closed: a compaction merges the files it listed, and the switch removes exactly those.
     */
    public List<PartitionOfTable> compactionCandidates(Instant closedBefore, int maxFiles, long smallerThan,
                                                       int limit) {
        return jdbc.query("""
                select lake, bucket, event_type, table_name, dt, hr, partition_source from lake_file
                where published_at is not null and size_bytes < ?
                    and (dt + make_interval(hours => hr + 1) < ?::timestamp
                         or dt is null and committed_at < ?::timestamptz)
                group by lake, bucket, event_type, table_name, dt, hr, partition_source
                having count(*) > greatest(?, 1)
                order by dt nulls last, hr limit ?""",
                (rs, n) -> new PartitionOfTable(Lake.fromId(rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getString(4), partitionOf(rs.getString(7), rs.getDate(5), (Number) rs.getObject(6))),
                smallerThan, closedBefore.atZone(java.time.ZoneOffset.UTC).toLocalDateTime().toString(),
                Timestamp.from(closedBefore), maxFiles, limit);
    }

    /** When the oldest committed but unpublished file was committed, if there is one. */
    public java.util.Optional<Instant> oldestUnpublished() {
        Timestamp oldest = jdbc.queryForObject("select min(committed_at) from lake_file where published_at is null",
                Timestamp.class);
        return java.util.Optional.ofNullable(oldest).map(Timestamp::toInstant);
    }

    /** The published files of one partition of a table, oldest first. */
    public List<CommittedFile> publishedFiles(PartitionOfTable partition) {
        io.inlet.lake.partition.Partition p = partition.partition();
        String source = storedSource(p);
        if (p.isNull()) {
            return jdbc.query(FILE_COLUMNS + " " + """
                     where lake = ? and bucket = ? and table_name = ? and dt is null and published_at is not null
                       and partition_source is not distinct from ? order by id""", CommitLog::committedFile,
                    partition.lake().id(), partition.bucket(), partition.table(), source);
        }
        return jdbc.query(FILE_COLUMNS + " " + """
                 where lake = ? and bucket = ? and table_name = ? and dt = ? and hr = ? and published_at is not null
                   and partition_source is not distinct from ? order by id""", CommitLog::committedFile,
                partition.lake().id(), partition.bucket(), partition.table(), java.sql.Date.valueOf(p.date()),
                p.hour(), source);
    }

    /**
     * Replaces published files by one file holding exactly their rows, in one transaction: the new file's row, its
     * origin ranges (the union of theirs), and a record of what it replaced; their rows go. Readers of the log see
     * the old files or the new one, never both or neither.
     *
     * @return the new file's id
     * @throws IllegalStateException when one of the files is gone or not published (nothing changes)
     */
    public long commitCompaction(FileCommit file, List<CommittedFile> replaced,
                                 io.inlet.lake.compaction.RewriteGuard guard) {
        Long[] ids = replaced.stream().map(CommittedFile::id).toArray(Long[]::new);
        return transactions.execute(status -> {
            lockStagingKey(file.stagingKey());
            lockEventType(file.lake(), file.eventType());
            guard.refusal(file.lake(), file.eventType()).ifPresent(why -> {
                throw new io.inlet.lake.compaction.RewriteRefusedException(why);
            });
            Integer present = jdbc.queryForObject("select count(*) from lake_file where id = any(?) and "
                    + "published_at is not null", Integer.class, (Object) ids);
            if (present == null || present != ids.length) {
                throw new IllegalStateException("files " + java.util.Arrays.toString(ids) + " changed meanwhile");
            }
            Long fileId = insertFile(file);
            jdbc.update("""
                    insert into lake_file_origin (file_id, lake, event_type, origin_stream, ranges)
                    select ?, lake, event_type, origin_stream, range_agg(r) from lake_file_origin o
                    cross join lateral unnest(o.ranges) as r where o.file_id = any(?)
                    group by lake, event_type, origin_stream""", fileId, ids);
            for (CommittedFile old : replaced) {
                jdbc.update("""
                        insert into lake_compacted_file (file_id, replaced_id, object_key, size_bytes, row_count)
                        values (?, ?, ?, ?, ?)""", fileId, old.id(), old.file().objectKey(),
                        old.file().sizeBytes(), old.file().rowCount());
            }
            jdbc.update("update lake_error_sample set file_id = ? where file_id = any(?)", fileId, ids);
            jdbc.update("delete from lake_file where id = any(?)", (Object) ids);
            return fileId;
        });
    }

    /**
     * Takes the transaction-scoped lock on an event type's origins in one lake: held by every commit that adds or
     * switches its files (and by whatever must be ordered with those, e.g. the start of a replay); released when the
     * caller's transaction ends.
     */
    public void lockEventType(Lake lake, String eventType) {
        jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, 0))", rs -> null,
                "lake-origins:" + lake.id() + ":" + eventType);
    }

    /** The files a compacted file replaced (as they were), none for a file the lake wrote from events. */
    public List<CommittedFile> replacedBy(CommittedFile compacted) {
        FileCommit file = compacted.file();
        return jdbc.query("""
                select replaced_id, object_key, size_bytes, row_count, replaced_at from lake_compacted_file
                where file_id = ? order by replaced_id""", (rs, n) -> new CommittedFile(rs.getLong(1),
                new FileCommit(file.lake(), file.bucket(), file.eventType(), file.table(), file.partition(),
                        rs.getString(2), rs.getString(2), rs.getInt(4), rs.getLong(3), file.minSchemaVersion(),
                        file.maxSchemaVersion(), file.stream(), file.receivedFrom(), file.receivedTo()),
                rs.getTimestamp(5).toInstant()), compacted.id());
    }

    /** Replaced objects of published compactions not yet deleted: (compacted file id, replaced id, bucket, key). */
    public record ReplacedObject(long fileId, long replacedId, String bucket, String objectKey) {
    }

    public List<ReplacedObject> undeletedReplacedObjects() {
        return jdbc.query("""
                select c.file_id, c.replaced_id, f.bucket, c.object_key from lake_compacted_file c
                join lake_file f on f.id = c.file_id
                where c.deleted_at is null and f.published_at is not null order by c.file_id limit 1000""",
                (rs, n) -> new ReplacedObject(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
    }

    public void markReplacedDeleted(long fileId, long replacedId) {
        jdbc.update("update lake_compacted_file set deleted_at = now() where file_id = ? and replaced_id = ?",
                fileId, replacedId);
    }

    /**
     * A sample's text as PostgreSQL can store it: text and jsonb refuse U+0000 (valid UTF-8, so an undecodable
     * frame's bytes may hold it), which becomes U+FFFD; the lake file keeps the exact payload.
     */
    static String text(String value) {
        return value == null ? null : value.replace('\u0000', '\uFFFD');
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max) + "...";
    }

    static LocalDate date(java.sql.Date date) {
        return date.toLocalDate();
    }
}
