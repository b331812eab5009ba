package io.inlet.lake.replay;

import io.inlet.contracts.frame.Origin;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Replays and their ledger in PostgreSQL ({@code lake_replay}, {@code lake_replayed_event}; V3 migration). */
public class ReplayStore {

    /** Where a claimed replay stands: the part of {@link Replay} the runner needs to go on. */
    public record Claimed(Replay replay, long lastFileId, long cursorFileId, long cursorRow) {
    }

    /** One event sent: the error-lake row it came from and the origin it was sent with. */
    public record Sent(String eventId, long fileId, long row, Origin origin) {
    }

    static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();

    private static final String COLUMNS = """
            id, event_type, status, selection::text, target_version, rate_per_second, files_total, files_done,
            scanned, matched, sent, message, created_at, updated_at, finished_at, last_file_id, cursor_file_id,
            cursor_row""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public ReplayStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    public void create(String id, ReplaySelection selection, Integer targetVersion, int rate, long lastFileId,
                       int filesTotal) {
        jdbc.update("""
                insert into lake_replay (id, event_type, selection, target_version, rate_per_second, status,
                    last_file_id, files_total) values (?, ?, ?::jsonb, ?, ?, ?, ?, ?)""",
                id, selection.eventType(), JSON.writeValueAsString(selection), targetVersion, rate, Replay.RUNNING,
                lastFileId, filesTotal);
    }

    public Optional<Replay> find(String id) {
        return jdbc.query("select " + COLUMNS + " from lake_replay where id = ?", ReplayStore::claimed, id).stream()
                .map(Claimed::replay).findFirst();
    }

    public List<Replay> list(String eventType, int limit) {
        return jdbc.query("select " + COLUMNS + " from lake_replay where (?::text is null or event_type = ?) "
                        + "order by created_at desc, id limit ?", ReplayStore::claimed, eventType, eventType, limit)
                .stream().map(Claimed::replay).toList();
    }

    /** The ids of the running and paused replays of an event type (both hold a cursor in its error files). */
    public List<String> runningOf(String eventType) {
        return jdbc.queryForList("select id from lake_replay where status in (?, ?) and event_type = ? "
                + "order by created_at", String.class, Replay.RUNNING, Replay.PAUSED, eventType);
    }

    /** How many replays have {@code status}. */
    public long count(String status) {
        Long n = jdbc.queryForObject("select count(*) from lake_replay where status = ?", Long.class, status);
        return n == null ? 0 : n;
    }

    public int running() {
        Integer n = jdbc.queryForObject("select count(*) from lake_replay where status = ?", Integer.class,
                Replay.RUNNING);
        return n == null ? 0 : n;
    }

    /**
     * Takes the oldest running replay whose lease is free (never taken, expired, or already {@code owner}'s) for
     * {@code lease}: one instance runs a replay at a time; after a crash another (or the restarted one) resumes it
     * from its cursor once the lease ran out.
     */
    public Optional<Claimed> claim(String owner, Duration lease) {
        return jdbc.query("""
                update lake_replay set lease_owner = ?, lease_until = now() + ?::interval, updated_at = now()
                where id = (select id from lake_replay where status = ?
                              and (lease_until is null or lease_until < now() or lease_owner = ?)
                            order by created_at, id limit 1 for update skip locked)
                returning""" + " " + COLUMNS, ReplayStore::claimed,
                owner, lease.toMillis() + " milliseconds", Replay.RUNNING, owner).stream().findFirst();
    }

    /**
     * Records events sent and moves the cursor, in one transaction, while {@code owner} still holds the lease.
     *
     * @return false when the lease was lost (cancelled, or taken over): the caller stops
     */
    public boolean progress(String owner, Duration lease, String id, String eventType, List<Sent> sent,
                            long cursorFileId, long cursorRow, int filesDone, long scanned, long matched) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            int updated = jdbc.update("""
                    update lake_replay set cursor_file_id = ?, cursor_row = ?, files_done = ?, scanned = scanned + ?,
                        matched = matched + ?, sent = sent + ?, lease_until = now() + ?::interval, updated_at = now(),
                        message = null
                    where id = ? and status = ? and lease_owner = ?""",
                    cursorFileId, cursorRow, filesDone, scanned, matched, sent.size(),
                    lease.toMillis() + " milliseconds", id, Replay.RUNNING, owner);
            if (updated == 0) {
                status.setRollbackOnly();
                return false;
            }
            jdbc.batchUpdate("""
                    insert into lake_replayed_event (replay_id, event_type, event_id, error_file_id, row_position,
                        origin_stream, origin_key) values (?, ?, ?, ?, ?, ?, ?)
                    on conflict do nothing""", sent, 500, (ps, s) -> {
                ps.setString(1, id);
                ps.setString(2, eventType);
                ps.setString(3, s.eventId());
                ps.setLong(4, s.fileId());
                ps.setLong(5, s.row());
                ps.setString(6, s.origin().stream());
                ps.setLong(7, s.origin().key());
            });
            return true;
        }));
    }

    public void finish(String id, String owner, String status, String message) {
        jdbc.update("""
                update lake_replay set status = ?, message = ?, finished_at = now(), updated_at = now(),
                    lease_owner = null, lease_until = null where id = ? and status = ? and lease_owner = ?""",
                status, message, id, Replay.RUNNING, owner);
    }

    /**
     * Shows a failed publish attempt on a running replay ({@code message}) and renews {@code owner}'s lease, so the
     * retries that follow keep the replay.
     *
     * @return false when the lease was lost (cancelled, or taken over)
     */
    public boolean attemptFailed(String id, String owner, Duration lease, String message) {
        return jdbc.update("""
                update lake_replay set message = ?, lease_until = now() + ?::interval, updated_at = now()
                where id = ? and status = ? and lease_owner = ?""",
                message, lease.toMillis() + " milliseconds", id, Replay.RUNNING, owner) == 1;
    }

    /** A running replay of {@code owner}'s pauses with {@code message}; its cursor stays for a resume. */
    public boolean pause(String id, String owner, String message) {
        return jdbc.update("""
                update lake_replay set status = ?, message = ?, updated_at = now(), lease_owner = null,
                    lease_until = null where id = ? and status = ? and lease_owner = ?""",
                Replay.PAUSED, message, id, Replay.RUNNING, owner) == 1;
    }

    /** @return false when it was not paused */
    public boolean resume(String id) {
        return jdbc.update("""
                update lake_replay set status = ?, updated_at = now() where id = ? and status = ?""",
                Replay.RUNNING, id, Replay.PAUSED) == 1;
    }

    /** @return false when it was neither running nor paused (done, failed or cancelled already) */
    public boolean cancel(String id, String message) {
        return jdbc.update("""
                update lake_replay set status = ?, message = ?, finished_at = now(), updated_at = now(),
                    lease_owner = null, lease_until = null where id = ? and status in (?, ?)""",
                Replay.CANCELLED, message, id, Replay.RUNNING, Replay.PAUSED) == 1;
    }

    /**
     * The replay origins earlier replays gave these events (the first one each): a replayed event is always
     * sent with the same origin, so the data lake takes it once.
     */
    public Map<String, Origin> originsOf(String eventType, List<String> eventIds) {
        Map<String, Origin> origins = new HashMap<>();
        if (eventIds.isEmpty()) {
            return origins;
        }
        jdbc.query("""
                select distinct on (event_id) event_id, origin_stream, origin_key from lake_replayed_event
                where event_type = ? and event_id = any (?) order by event_id, replayed_at, replay_id""",
                rs -> {
                    long key = rs.getLong(3);
                    origins.put(rs.getString(1), new Origin(rs.getString(2), key >>> 16, (int) (key & Origin.MAX_INDEX),
                            false));
                }, eventType, eventIds.toArray(String[]::new));
        return origins;
    }

    /** Which replays sent an event, oldest first (for lineage). */
    public List<Map<String, Object>> replaysOf(String eventType, String eventId) {
        return jdbc.queryForList("""
                select e.replay_id as "replayId", e.error_file_id as "errorFileId", e.row_position as "row",
                       e.replayed_at as "replayedAt", r.target_version as "targetVersion", r.status as "replayStatus"
                from lake_replayed_event e join lake_replay r on r.id = e.replay_id
                where e.event_type = ? and e.event_id = ? order by e.replayed_at, e.replay_id""", eventType, eventId);
    }

    private static Claimed claimed(ResultSet rs, int n) throws SQLException {
        Replay replay = new Replay(rs.getString(1), rs.getString(2), rs.getString(3),
                JSON.readValue(rs.getString(4), ReplaySelection.class), (Integer) rs.getObject(5), rs.getInt(6),
                rs.getInt(7), rs.getInt(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getString(12),
                instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15)));
        return new Claimed(replay, rs.getLong(16), rs.getLong(17), rs.getLong(18));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
