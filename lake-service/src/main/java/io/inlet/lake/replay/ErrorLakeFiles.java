package io.inlet.lake.replay;

import io.inlet.lake.buffer.Lake;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The committed, published error-lake files a selection may find rows in, from the commit log: the event type's,
 * in the hourly partitions its time range touches (a row's partition is the hour it was received), oldest first.
 */
public class ErrorLakeFiles {

    /** A file to read, by commit-log id. */
    public record ErrorFile(long id, String bucket, String key, long rows) {
    }

    private final JdbcTemplate jdbc;

    public ErrorLakeFiles(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest error file id now (0 when there is none): a replay reads no file committed after it started. */
    public long newestId() {
        Long id = jdbc.queryForObject("select max(id) from lake_file where lake = ?", Long.class, Lake.ERRORS.id());
        return id == null ? 0 : id;
    }

    /** The files with {@code fromId <= id <= upToId}, at most {@code limit}. */
    public List<ErrorFile> files(ReplaySelection selection, long fromId, long upToId, int limit) {
        Timestamp fromHour = selection.from() == null ? null
                : Timestamp.from(selection.from().truncatedTo(ChronoUnit.HOURS));
        Timestamp toHour = selection.to() == null ? null : Timestamp.from(selection.to());
        return jdbc.query("""
                select id, bucket, object_key, row_count from lake_file
                where lake = ? and event_type = ? and published_at is not null and id >= ? and id <= ?
                  and (?::timestamptz is null or (dt + make_interval(hours => hr)) at time zone 'UTC' >= ?::timestamptz)
                  and (?::timestamptz is null or (dt + make_interval(hours => hr)) at time zone 'UTC' < ?::timestamptz)
                order by id limit ?""",
                (rs, n) -> new ErrorFile(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
                Lake.ERRORS.id(), selection.eventType(), fromId, upToId, fromHour, fromHour, toHour, toHour, limit);
    }

    public int count(ReplaySelection selection, long upToId) {
        return files(selection, 0, upToId, Integer.MAX_VALUE).size();
    }
}
