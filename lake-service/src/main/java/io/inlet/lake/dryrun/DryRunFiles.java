package io.inlet.lake.dryrun;

import io.inlet.lake.buffer.Lake;
import io.inlet.lake.commit.CommitLog;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The published files of an event type in the lakes a dry run samples, newest commit first, from the commit log;
 * with a time range only the files holding rows received in it (the commit log keeps each file's received-at range).
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
                      and""" + " " + CommitLog.RECEIVED_IN_WINDOW + " order by id desc limit ?");
            statement.setString(1, spec.eventType().name());
            statement.setArray(2, connection.createArrayOf("text", lakes));
            statement.setLong(3, beforeId);
            // An open end of the range: every file.
            statement.setTimestamp(4, fromHour != null ? fromHour : Timestamp.from(java.time.Instant.EPOCH));
            statement.setTimestamp(5, to != null ? to : Timestamp.valueOf("9999-12-31 00:00:00"));
            statement.setInt(6, page);
            return statement;
        }, (rs, n) -> new LakeFile(rs.getLong(1), Lake.fromId(rs.getString(2)), rs.getString(3), rs.getString(4)));
    }
}
