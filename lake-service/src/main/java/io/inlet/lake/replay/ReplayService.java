package io.inlet.lake.replay;

import java.util.List;
import java.util.UUID;

/** Starts, shows, lists and cancels replays; runs dry runs. */
public class ReplayService {

    private final ReplayStore store;
    private final ErrorLakeFiles files;
    private final ReplayDryRun dryRun;
    private final ReplayRunner runner;
    private final ReplayProperties properties;

    public ReplayService(ReplayStore store, ErrorLakeFiles files, ReplayDryRun dryRun, ReplayRunner runner,
                         ReplayProperties properties) {
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
        long newest = files.newestId();
        store.create(id, selection, targetVersion(request), rate, newest, files.count(selection, newest));
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
            throw new InvalidReplayException("replay " + id + " is " + replay.status() + ", not running");
        }
        return get(id);
    }

    private static Integer targetVersion(ReplayRequest request) {
        if (request.targetVersion() != null && request.targetVersion() < 1) {
            throw new InvalidReplayException("targetVersion must be at least 1, was " + request.targetVersion());
        }
        return request.targetVersion();
    }
}
