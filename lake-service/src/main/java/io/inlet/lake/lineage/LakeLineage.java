package io.inlet.lake.lineage;

import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.FilteredBy;
import io.inlet.lake.buffer.Lake;
import io.inlet.lake.commit.CommitLog;
import io.inlet.lake.schema.TableSchema;
import io.inlet.lake.partition.Partition;
import io.inlet.lake.read.LakeFileReader;
import io.inlet.lake.replay.ReplayStore;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.example.data.Group;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds events in the lakes by id: the committed files of their event type (data, error and filtered tables) in
 * the received-at hours of a window, newest first, read for their id column only, then the matching rows whole;
 * plus the replays that sent them (the replay ledger). There is no row per event anywhere (the commit log keeps
 * origin ranges), so the window bounds the work: ids that are UUIDv7s (the gateway's) carry their time.
 */
public class LakeLineage {

    private static final Set<String> DATA_COLUMNS = Set.of(TableSchema.EVENT_ID, TableSchema.SCHEMA_VERSION,
            TableSchema.RECEIVED_AT, TableSchema.SOURCE);
    private static final Set<String> ERROR_COLUMNS = Set.of(TableSchema.EVENT_ID, TableSchema.RECEIVED_AT, "stage",
            "reason", "violations", "schema_version");
    private static final Set<String> FILTERED_COLUMNS = Set.of(TableSchema.EVENT_ID, TableSchema.RECEIVED_AT, "step",
            "step_kind", "description", "pipeline_revision", "schema_version");

    private record LakeFile(long id, String lake, String table, String bucket, String key, Partition partition,
                            Instant committedAt) {
    }

    private final JdbcTemplate jdbc;
    private final LakeFileReader reader;
    private final ReplayStore replays;
    private final int maxFiles;

    public LakeLineage(JdbcTemplate jdbc, LakeFileReader reader, ReplayStore replays, int maxFiles) {
        this.jdbc = jdbc;
        this.reader = reader;
        this.replays = replays;
        this.maxFiles = maxFiles;
    }

    /** Lineage of each of {@code ids} of {@code eventType}, searching received-at hours {@code [from, to)}. */
    public Map<String, EventLineage> find(String eventType, Set<String> ids, Instant from, Instant to) {
        Instant fromHour = from.truncatedTo(ChronoUnit.HOURS);
        List<LakeFile> files = jdbc.query("""
                select id, lake, table_name, bucket, object_key, dt, hr, committed_at, partition_source
                from lake_file where event_type = ? and published_at is not null and""" + " " + CommitLog.RECEIVED_IN_WINDOW
                + " order by id desc limit ?",
                (rs, n) -> new LakeFile(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), CommitLog.partitionOf(rs.getString(9), rs.getDate(6),
                        (Number) rs.getObject(7)),
                        rs.getTimestamp(8).toInstant()),
                eventType, Timestamp.from(fromHour), Timestamp.from(to), maxFiles + 1);
        boolean complete = files.size() <= maxFiles;
        if (!complete) {
            files = files.subList(0, maxFiles);
        }
        Map<String, List<EventLineage.DataRow>> data = new HashMap<>();
        Map<String, List<EventLineage.ErrorRow>> errors = new HashMap<>();
        Map<String, List<EventLineage.FilteredRow>> filtered = new HashMap<>();
        for (LakeFile file : files) {
            boolean isData = Lake.DATA.id().equals(file.lake());
            boolean isFiltered = Lake.FILTERED.id().equals(file.lake());
            Set<String> columns = isData ? DATA_COLUMNS : isFiltered ? FILTERED_COLUMNS : ERROR_COLUMNS;
            reader.scan(file.bucket(), file.key(), 0, columns::contains, row -> {
                Group g = row.columns();
                String id = LakeFileReader.string(g, TableSchema.EVENT_ID);
                if (id != null && ids.contains(id)) {
                    if (isFiltered) {
                        filtered.computeIfAbsent(id, k -> new ArrayList<>()).add(filteredRow(file, row.position(), g));
                    } else if (isData) {
                        Long version = LakeFileReader.int64(g, TableSchema.SCHEMA_VERSION);
                        data.computeIfAbsent(id, k -> new ArrayList<>()).add(new EventLineage.DataRow(file.table(),
                                file.partition().path(), file.bucket(), file.key(), row.position(),
                                version == null ? null : version.intValue(), LakeFileReader.timestamp(g, TableSchema.RECEIVED_AT),
                                LakeFileReader.string(g, TableSchema.SOURCE), file.committedAt()));
                    } else {
                        Long version = LakeFileReader.int64(g, "schema_version");
                        errors.computeIfAbsent(id, k -> new ArrayList<>()).add(new EventLineage.ErrorRow(
                                file.partition().path(), file.bucket(), file.key(), row.position(),
                                LakeFileReader.string(g, "stage"), LakeFileReader.string(g, "reason"),
                                violations(g), version == null ? null : version.intValue(),
                                LakeFileReader.timestamp(g, TableSchema.RECEIVED_AT), file.committedAt()));
                    }
                }
                return true;
            });
        }
        EventLineage.Searched searched = new EventLineage.Searched(fromHour, to, files.size(), complete);
        Map<String, EventLineage> out = new LinkedHashMap<>();
        for (String id : ids) {
            List<EventLineage.DataRow> dataRows = data.getOrDefault(id, List.of());
            List<EventLineage.ErrorRow> errorRows = new ArrayList<>(errors.getOrDefault(id, List.of()));
            errorRows.sort(Comparator.comparing(EventLineage.ErrorRow::committedAt));
            List<EventLineage.FilteredRow> filteredRows = new ArrayList<>(filtered.getOrDefault(id, List.of()));
            filteredRows.sort(Comparator.comparing(EventLineage.FilteredRow::committedAt));
            List<Map<String, Object>> sentBy = replays.replaysOf(eventType, id);
            boolean nowhere = dataRows.isEmpty() && errorRows.isEmpty() && filteredRows.isEmpty() && sentBy.isEmpty();
            out.put(id, new EventLineage(eventType, id, status(dataRows, errorRows, filteredRows, sentBy), dataRows,
                    errorRows, filteredRows, sentBy, searched, nowhere
                            ? "in no lake file of the window searched: still in flight, or received outside the "
                            + "window (give from/to)" : null));
        }
        return out;
    }

    private static EventLineage.FilteredRow filteredRow(LakeFile file, long position, Group g) {
        Long step = LakeFileReader.int64(g, "step");
        Long version = LakeFileReader.int64(g, "schema_version");
        String kind = LakeFileReader.string(g, "step_kind");
        FilteredBy by = new FilteredBy(step == null ? 0 : step.intValue(), kind == null ? "unknown" : kind,
                String.valueOf(LakeFileReader.string(g, "description")), LakeFileReader.int64(g, "pipeline_revision"));
        return new EventLineage.FilteredRow(file.table(), file.partition().path(), file.bucket(), file.key(), position,
                by.step(), by.kind(), by.description(), by.pipelineRevision(), by.summary(),
                version == null ? null : version.intValue(), LakeFileReader.timestamp(g, TableSchema.RECEIVED_AT),
                file.committedAt());
    }

    /** The newest outcome wins: a replay after the last error or filter, then a filter after the last error. */
    private static String status(List<EventLineage.DataRow> data, List<EventLineage.ErrorRow> errors,
                                 List<EventLineage.FilteredRow> filtered, List<Map<String, Object>> sentBy) {
        if (!data.isEmpty()) {
            return "data-lake";
        }
        Instant lastError = errors.isEmpty() ? null : errors.get(errors.size() - 1).committedAt();
        Instant lastFilter = filtered.isEmpty() ? null : filtered.get(filtered.size() - 1).committedAt();
        Instant settled = lastFilter == null || lastError != null && lastError.isAfter(lastFilter) ? lastError
                : lastFilter;
        if (!sentBy.isEmpty()) {
            Object last = sentBy.get(sentBy.size() - 1).get("replayedAt");
            Instant replayedAt = last instanceof Timestamp t ? t.toInstant() : null;
            if (settled == null || replayedAt != null && replayedAt.isAfter(settled)) {
                return "replayed";
            }
        }
        if (lastFilter != null && (lastError == null || !lastError.isAfter(lastFilter))) {
            return "filtered";
        }
        return errors.isEmpty() ? "not-found" : "error-lake";
    }

    private static List<Violation> violations(Group g) {
        return io.inlet.lake.replay.ErrorRecord.violationsOf(g);
    }
}
