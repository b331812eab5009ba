package io.inlet.lake.replay;

import io.inlet.lake.buffer.Lake;
import io.inlet.lake.commit.CommitLog;
import java.util.List;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/** Starts, shows, lists, resumes and cancels replays; runs dry runs. */
public class ReplayService {

    private final ReplayStore store;
    private final ErrorLakeFiles files;
    private final ReplayDryRun dryRun;
    private final ReplayRunner runner;
    private final ReplayProperties properties;
    private final CommitLog commitLog;
    private final TransactionTemplate transactions;

    public ReplayService(ReplayStore store, ErrorLakeFiles files, ReplayDryRun dryRun, ReplayRunner runner,
                         ReplayProperties properties, CommitLog commitLog, TransactionTemplate transactions) {
        this.commitLog = commitLog;
        this.transactions = transactions;
        this.store = store;
        this.files = files;
        this.dryRun = dryRun;
        this.runner = runner;
        this.properties = properties;
    }

    public ReplayDryRun.Report dryRun(ReplayRequest request) {
        int limit = request.limit() == null ? properties.dryRunLimit() : request.limit();
        if (limit < 1 || limit > properties.dryRunMaxLimit()) {
            throw new InvalidReplayException("limit must be 1.." + properties.dryRunMaxLimit() + ", was " + limit);
        }
        return dryRun.run(request.selection(), targetVersion(request), limit);
    }

    public Replay start(ReplayRequest request) {
        ReplaySelection selection = request.selection();
        int rate = request.ratePerSecond() == null ? properties.defaultRate() : request.ratePerSecond();
        if (rate < 1 || rate > properties.maxRate()) {
            throw new InvalidReplayException("ratePerSecond must be 1.." + properties.maxRate() + ", was " + rate);
        }
        String id = "r-" + UUID.randomUUID();
        Integer version = targetVersion(request);
        // Under the error lake's origin lock of the type: a compaction of its error files (RunningReplays) either
        // switched before (this replay reads the compacted file) or sees this replay running and waits for it.
        transactions.executeWithoutResult(status -> {
            commitLog.lockEventType(Lake.ERRORS, selection.eventType());
            long newest = files.newestId();
            store.create(id, selection, version, rate, newest, files.count(selection, newest));
        });
        runner.wakeUp();
        return get(id);
    }

    public Replay get(String id) {
        return store.find(id).orElseThrow(() -> new ReplayNotFoundException(id));
    }

    public List<Replay> list(String eventType, int limit) {
        return store.list(eventType, limit);
    }

    public Replay cancel(String id) {
        Replay replay = get(id);
        if (!store.cancel(id, "cancelled by request")) {
            throw new InvalidReplayException("replay " + id + " is " + replay.status() + ", not running or paused");
        }
        return get(id);
    }

    /** A paused replay runs again from its cursor (the message of its pause stays until its next frame). */
    public Replay resume(String id) {
        Replay replay = get(id);
        if (!store.resume(id)) {
            throw new InvalidReplayException("replay " + id + " is " + replay.status() + ", not paused");
        }
        runner.wakeUp();
        return get(id);
    }

    private static Integer targetVersion(ReplayRequest request) {
        if (request.targetVersion() != null && request.targetVersion() < 1) {
            throw new InvalidReplayException("targetVersion must be at least 1, was " + request.targetVersion());
        }
        return request.targetVersion();
    }
}
