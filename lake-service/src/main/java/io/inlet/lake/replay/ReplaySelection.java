package io.inlet.lake.replay;

import io.inlet.contracts.EventType;
import io.inlet.contracts.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Which error-lake events a replay (or its dry run) takes: all of one event type, narrowed by any of the rest.
 *
 * @param stages        the stages that rejected them ({@code decode}, {@code schema}, {@code transform},
 *                      {@code lake}); empty: any
 * @param keyword       a violation keyword one of their violations has ({@code required}, {@code format}...)
 * @param reason        text their reason contains (case-insensitive)
 * @param schemaVersion the schema version they failed against
 * @param from          received at or after (inclusive)
 * @param to            received before (exclusive)
 * @param ids           these event ids only; empty: any
 */
public record ReplaySelection(String eventType, List<String> stages, String keyword, String reason,
                              Integer schemaVersion, Instant from, Instant to, Set<String> ids) {

    /** The most ids one selection may list. */
    public static final int MAX_IDS = 10_000;

    public ReplaySelection {
        if (eventType == null || eventType.isBlank()) {
            throw new InvalidReplayException("eventType is required");
        }
        if (!EventType.isValid(eventType)) {
            throw new InvalidReplayException("eventType '" + eventType + "' is not a valid event type name");
        }
        stages = stages == null ? List.of() : List.copyOf(stages);
        ids = ids == null ? Set.of() : Set.copyOf(ids);
        if (ids.size() > MAX_IDS) {
            throw new InvalidReplayException("at most " + MAX_IDS + " ids per replay, " + ids.size() + " given");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidReplayException("from (" + from + ") must be before to (" + to + ")");
        }
    }

    boolean matches(ErrorRecord row) {
        if (!stages.isEmpty() && !stages.contains(row.stage())) {
            return false;
        }
        if (schemaVersion != null && !schemaVersion.equals(row.schemaVersion())) {
            return false;
        }
        if (from != null && row.receivedAt().isBefore(from) || to != null && !row.receivedAt().isBefore(to)) {
            return false;
        }
        if (reason != null && (row.reason() == null
                || !row.reason().toLowerCase(java.util.Locale.ROOT).contains(reason.toLowerCase(java.util.Locale.ROOT)))) {
            return false;
        }
        if (keyword != null && row.violations().stream().map(Violation::keyword).noneMatch(keyword::equals)) {
            return false;
        }
        return ids.isEmpty() || ids.contains(row.eventId());
    }
}
