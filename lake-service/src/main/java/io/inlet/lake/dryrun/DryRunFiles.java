package io.inlet.lake.dryrun;

import io.inlet.lake.buffer.Lake;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The published files of an event type in the lakes a dry run samples, newest commit first, from the commit log;
 * with a time range only the hourly partitions it touches (a row's partition is the hour it was received).
 */
class DryRunFiles {

    /** A file to read. */
    record LakeFile(long id, Lake lake, String bucket, String key) {
    }

    private final JdbcTemplate jdbc;

    DryRunFiles(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The next {@code page} files older than {@code beforeId} (Long.MAX_VALUE for the newest). */
    List<LakeFile> newestBefore(DryRunSpec spec, long beforeId, int page) {
        String[] lakes = spec.lakes().stream().map(Lake::id).toArray(String[]::new);
        Timestamp fromHour = spec.from() == null ? null : Timestamp.from(spec.from().truncatedTo(ChronoUnit.HOURS));
        Timestamp to = spec.to() == null ? null : Timestamp.from(spec.to());
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    select id, lake, bucket, object_key from lake_file
                    where event_type = ? and lake = any(?) and published_at is not null and id < ?
                      and (?::timestamptz is null or (dt + make_interval(hours => hr)) at time zone 'UTC' >= ?::timestamptz)
                      and (?::timestamptz is null or (dt + make_interval(hours => hr)) at time zone 'UTC' < ?::timestamptz)
                    order by id desc limit ?""");
            statement.setString(1, spec.eventType().name());
            statement.setArray(2, connection.createArrayOf("text", lakes));
            statement.setLong(3, beforeId);
            statement.setTimestamp(4, fromHour);
            statement.setTimestamp(5, fromHour);
            statement.setTimestamp(6, to);
            statement.setTimestamp(7, to);
            statement.setInt(8, page);
            return statement;
        }, (rs, n) -> new LakeFile(rs.getLong(1), Lake.fromId(rs.getString(2)), rs.getString(3), rs.getString(4)));
    }
}
