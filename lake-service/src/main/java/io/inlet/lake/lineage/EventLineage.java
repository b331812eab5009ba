package io.inlet.lake.lineage;

import io.inlet.contracts.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where one event went.
 *
 * @param status   {@code data-lake} (it has a row there), {@code replayed} (a replay sent it after its newest
 *                 error or filtered row; not landed yet), {@code filtered} (a pipeline step filtered it, after its
 *                 newest error row if any), {@code error-lake}, or {@code not-found}
 * @param data     its rows in the data lake (once, unless a client sent the same id twice)
 * @param errors   its rows in the error lake, oldest first: the first failure, then each replay's that failed again
 * @param filtered its rows in the filtered table, oldest first: the step that filtered it
 * @param replays  the replays that sent it ({@code replayId}, the error file and row it was read from, when)
 * @param searched what the lookup read
 * @param note     what {@code not-found} may mean
 */
public record EventLineage(String eventType, String eventId, String status, List<DataRow> data,
                           List<ErrorRow> errors, List<FilteredRow> filtered, List<Map<String, Object>> replays,
                           Searched searched, String note) {

    /** A row in the data lake. */
    public record DataRow(String table, String partition, String bucket, String key, long row,
                          Integer schemaVersion, Instant receivedAt, String source, Instant committedAt) {
    }

    /** A row in the error lake. */
    public record ErrorRow(String partition, String bucket, String key, long row, String stage, String reason,
                           List<Violation> violations, Integer schemaVersion, Instant receivedAt,
                           Instant committedAt) {
    }

    /**
     * A row in the filtered table: the step ({@code step}, {@code stepKind} {@code filter} or {@code sql}, its
     * expression or statement, the pipeline revision) and, in {@code summary}, all of it in one line.
     */
    public record FilteredRow(String table, String partition, String bucket, String key, long row, int step,
                              String stepKind, String description, Long pipelineRevision, String summary,
                              Integer schemaVersion, Instant receivedAt, Instant committedAt) {
    }

    /** The window of received-at hours searched and how many files were read; complete unless it hit the limit. */
    public record Searched(Instant from, Instant to, int files, boolean complete) {
    }
}
