package io.inlet.lake.replay;

import io.inlet.lake.buffer.Lake;
import io.inlet.lake.compaction.RewriteGuard;
import java.util.List;
import java.util.Optional;

/**
 * Keeps compaction away from an event type's error-lake files while a replay of that type runs: a replay walks the
 * error files by commit-log id up to the newest at its start, and a compacted file (a new, higher id) replacing some
 * of them would make it skip their rows. Data-lake files are never refused. {@link ReplayService#start} takes the
 * event type's origin lock while it fixes a replay's files, so a compaction's switch and a replay's start are
 * ordered: the compaction sees the replay, or the replay sees the compacted file.
 */
class RunningReplays implements RewriteGuard {

    private final ReplayStore store;

    RunningReplays(ReplayStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> refusal(Lake lake, String eventType) {
        if (lake != Lake.ERRORS) {
            return Optional.empty();
        }
        List<String> running = store.runningOf(eventType);
        return running.isEmpty() ? Optional.empty()
                : Optional.of("replay " + String.join(", ", running) + " of " + eventType + " reads its error files");
    }
}
