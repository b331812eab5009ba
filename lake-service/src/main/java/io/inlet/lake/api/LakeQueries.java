package io.inlet.lake.api;

import io.inlet.lake.commit.CommitLog;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads what the lake holds from the commit log (only committed files count). */
public class LakeQueries {

    public record TableSummary(String lake, String eventType, String table, long files, long rows, long bytes,
                               Instant lastCommittedAt) {
    }

    public record PartitionSummary(String partition, LocalDate dt, Integer hr, long files, long rows, long bytes) {
    }

    /**
     * @param streamSequences the input stream sequences of files committed before origins (null since)
     * @param origins         the origin key ranges of the file's events, {@code <origin stream>:<int8multirange>}
     *                        per origin stream, space-separated; null for files committed before origins
     */
    public record FileEntry(String bucket, String key, String partition, long rows, long bytes,
                            Integer minSchemaVersion, Integer maxSchemaVersion, String stream,
                            String streamSequences, String origins, Instant committedAt, boolean published) {
    }

    public record ErrorSample(String eventId, String stage, String reason, JsonNode violations, String payload,
                              Instant receivedAt, Instant recordedAt) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    public LakeQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<TableSummary> tables() {
        return jdbc.query("""
                select lake, event_type, table_name, count(*), sum(row_count), sum(size_bytes), max(committed_at)
                from lake_file group by lake, event_type, table_name order by lake, event_type, table_name""",
                (rs, n) -> new TableSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getTimestamp(7).toInstant()));
    }

    public List<PartitionSummary> partitions(String lake, String table) {
        return jdbc.query("""
                select dt, hr, count(*), sum(row_count), sum(size_bytes) from lake_file
                where lake = ? and table_name = ? group by dt, hr order by dt, hr""",
                (rs, n) -> {
                    var partition = CommitLog.partitionOf(null, rs.getDate(1), (Number) rs.getObject(2));
                    return new PartitionSummary(partition.path(), partition.date(), partition.hourOrNull(),
                            rs.getLong(3), rs.getLong(4), rs.getLong(5));
                }, lake, table);
    }

    public List<FileEntry> files(String lake, String table, LocalDate dt, Integer hr, int limit) {
        return jdbc.query("""
                select bucket, object_key, dt, hr, row_count, size_bytes, min_schema_version, max_schema_version,
                       stream, stream_sequences::text,
                       (select string_agg(o.origin_stream || ':' || o.ranges::text, ' ' order by o.origin_stream)
                        from lake_file_origin o where o.file_id = f.id),
                       committed_at, published_at is not null
                from lake_file f where lake = ? and table_name = ?
                  and (?::date is null or dt = ?::date) and (?::int is null or hr = ?::int)
                order by id desc limit ?""",
                (rs, n) -> new FileEntry(rs.getString(1), rs.getString(2),
                        CommitLog.partitionOf(null, rs.getDate(3), (Number) rs.getObject(4)).path(),
                        rs.getLong(5), rs.getLong(6), (Integer) rs.getObject(7), (Integer) rs.getObject(8),
                        rs.getString(9), rs.getString(10), rs.getString(11), rs.getTimestamp(12).toInstant(),
                        rs.getBoolean(13)),
                lake, table, dt == null ? null : java.sql.Date.valueOf(dt), dt == null ? null : java.sql.Date.valueOf(dt),
                hr, hr, limit);
    }

    public List<ErrorSample> errorSamples(String eventType, int limit) {
        return jdbc.query("""
                select event_id, stage, reason, violations::text, payload, received_at, recorded_at
                from lake_error_sample where event_type = ? order by id desc limit ?""",
                (rs, n) -> new ErrorSample(rs.getString(1), rs.getString(2), rs.getString(3),
                        JSON.readTree(rs.getString(4)), rs.getString(5), rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7).toInstant()), eventType, limit);
    }
}
