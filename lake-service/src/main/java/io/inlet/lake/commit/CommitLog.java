package io.inlet.lake.commit;

import io.inlet.lake.buffer.ErrorRow;
import io.inlet.lake.buffer.Lake;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The commit log in PostgreSQL (schema in {@code db/migration}). */
public class CommitLog {

    /** A committed file not yet copied from staging to its place. */
    public record Unpublished(long id, String bucket, String objectKey, String stagingKey) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public CommitLog(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Which of these events are already in a committed file: one primary-key probe per id, so the cost follows the
     * number of ids asked about, not the size of {@code lake_event}. ({@code event_id = any(?)} let the planner
     * read every id of the event type and compare each with the whole array: seconds per flush once a type had
     * some ten thousand events, and most of PostgreSQL's CPU in the benchmark.)
     */
    public Set<String> committedEventIds(Lake lake, String eventType, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList("""
                select ids.id from unnest(?::text[]) as ids(id)
                cross join lateral (select 1 from lake_event e
                    where e.lake = ? and e.event_type = ? and e.event_id = ids.id limit 1) committed""",
                String.class, eventIds.toArray(String[]::new), lake.id(), eventType));
    }

    /**
     * Records a file and every event id it holds, in one transaction: the commit point of the lake. The
     * transaction holds an advisory lock on the file's staging key until it ends, so that {@link #resolve} can
     * wait for a commit whose outcome the caller never learnt.
     *
     * @return the file's id
     * @throws DuplicateEventsException when one of the events is already committed (nothing is recorded)
     * @throws RuntimeException         any other failure: the outcome is unknown (the connection may have died
     *                                  during a COMMIT that PostgreSQL completed); ask {@link #resolve}
     */
    public long commit(FileCommit file, List<String> eventIds, long[] streamSequences, List<ErrorRow> samples,
                       int samplesPerType) {
        try {
            Long id = transactions.execute(status -> {
                lockStagingKey(file.stagingKey());
                Long fileId = jdbc.queryForObject("""
                        insert into lake_file (lake, bucket, event_type, table_name, dt, hr, object_key, staging_key,
                            row_count, size_bytes, min_schema_version, max_schema_version, stream, stream_sequences)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                            (select range_agg(int8range(s, s, '[]')) from unnest(?::bigint[]) as s))
                        returning id""", Long.class,
                        file.lake().id(), file.bucket(), file.eventType(), file.table(),
                        java.sql.Date.valueOf(file.partition().date()), file.partition().hour(),
                        file.objectKey(), file.stagingKey(), file.rowCount(), file.sizeBytes(),
                        file.minSchemaVersion(), file.maxSchemaVersion(), file.stream(), streamSequences);
                jdbc.update("""
                        insert into lake_event (lake, event_type, event_id, file_id)
                        select ?, ?, unnest(?::text[]), ?""",
                        file.lake().id(), file.eventType(), eventIds.toArray(String[]::new), fileId);
                if (!samples.isEmpty() && samplesPerType > 0) {
                    recordSamples(file.eventType(), fileId, samples, samplesPerType);
                }
                return fileId;
            });
            return id;
        } catch (DuplicateKeyException e) {
            throw new DuplicateEventsException("some events of " + file.eventType() + " were committed meanwhile", e);
        }
    }

    private void recordSamples(String eventType, long fileId, List<ErrorRow> rows, int samplesPerType) {
        List<ErrorRow> newest = rows.subList(Math.max(0, rows.size() - samplesPerType), rows.size());
        jdbc.batchUpdate("""
                insert into lake_error_sample (event_type, event_id, stage, reason, violations, payload, received_at,
                    file_id) values (?, ?, ?, ?, ?::jsonb, ?, ?, ?)""", newest, 500, (ps, row) -> {
            ps.setString(1, eventType);
            ps.setString(2, row.eventId());
            ps.setString(3, row.stage());
            ps.setString(4, row.reason());
            ps.setString(5, JSON.writeValueAsString(row.violations()));
            ps.setString(6, clip(row.payload(), 4096));
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

    public List<Unpublished> unpublishedOlderThan(Duration age) {
        return jdbc.query("""
                select id, bucket, object_key, staging_key from lake_file
                where published_at is null and committed_at < ? order by id limit 1000""",
                (rs, n) -> new Unpublished(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                Timestamp.from(Instant.now().minus(age)));
    }

    /** Forgets event ids committed before {@code retention} ago; returns how many. */
    public int forgetEventIdsOlderThan(Duration retention) {
        return jdbc.update("delete from lake_event where committed_at < ?",
                Timestamp.from(Instant.now().minus(retention)));
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max) + "...";
    }

    static LocalDate date(java.sql.Date date) {
        return date.toLocalDate();
    }
}
