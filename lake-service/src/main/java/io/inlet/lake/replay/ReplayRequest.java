package io.inlet.lake.replay;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/lake/replays}: what to replay and how.
 *
 * @param targetVersion the schema version to pin the replayed events to; null: the latest when the pipeline sees them
 * @param ratePerSecond events per second (default {@code inlet.lake.replay.default-rate})
 * @param dryRun        only report how many would pass now and why the others still fail
 * @param limit         a dry run checks at most this many selected events
 */
public record ReplayRequest(String eventType, List<String> stages, String stage, String keyword, String reason,
                            Integer schemaVersion, Instant from, Instant to, Set<String> ids, Integer targetVersion,
                            Integer ratePerSecond, Boolean dryRun, Integer limit) {

    ReplaySelection selection() {
        List<String> all = stages == null ? List.of() : stages;
        if (stage != null) {
            all = new java.util.ArrayList<>(all);
            all.add(stage);
        }
        return new ReplaySelection(eventType, all, keyword, reason, schemaVersion, from, to, ids);
    }

    boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }
}
