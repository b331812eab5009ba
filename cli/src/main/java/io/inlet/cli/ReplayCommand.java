package io.inlet.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import tools.jackson.databind.JsonNode;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay error-lake events into the pipeline (original ids and received-at, marked as replays, "
                + "at a rate limit), with a progress bar until it is done. Idempotent: an event that passes lands "
                + "once in the data lake however often it is replayed.",
                "  inlet replay --event-type order.created --keyword required --target-version 2 --dry-run",
                "  inlet replay --event-type order.created --keyword required --target-version 2",
                "  inlet replay --watch r-...   |   inlet replay --cancel r-...   |   inlet replay --list"})
final class ReplayCommand extends LakeCommand {

    @Option(names = "--event-type", description = "The event type whose error-lake events to replay.")
    String eventType;

    @Option(names = "--stage", description = "Only events rejected by this stage (decode, schema, transform, lake); "
            + "repeatable.")
    List<String> stages;

    @Option(names = "--keyword", description = "Only events with a violation of this keyword (required, type...).")
    String keyword;

    @Option(names = "--reason", description = "Only events whose reason contains this text.")
    String reason;

    @Option(names = "--failed-version", description = "Only events that failed this schema version.")
    Integer failedVersion;

    @Option(names = "--from", description = "Only events received at or after (RFC 3339).")
    String from;

    @Option(names = "--to", description = "Only events received before (RFC 3339).")
    String to;

    @Option(names = "--id", description = "Only these event ids; repeatable.")
    List<String> ids;

    @Option(names = "--target-version", description = "Pin the replayed events to this schema version "
            + "(default: the latest when the pipeline sees them).")
    Integer targetVersion;

    @Option(names = "--rate", description = "Events per second (default: the lake's, 1000).")
    Integer rate;

    @Option(names = "--dry-run", description = "Only report how many would pass now and why the others still fail.")
    boolean dryRun;

    @Option(names = "--limit", description = "A dry run checks at most this many events (default 1000).")
    Integer limit;

    @Option(names = "--no-wait", description = "Start it and print its id; do not follow its progress.")
    boolean noWait;

    @Option(names = "--watch", paramLabel = "REPLAY_ID", description = "Follow a replay already started.")
    String watch;

    @Option(names = "--cancel", paramLabel = "REPLAY_ID", description = "Cancel a running replay.")
    String cancel;

    @Option(names = "--resume", paramLabel = "REPLAY_ID", description = "Resume a paused replay (it paused after its "
            + "publishes kept failing) from where it stopped, and follow it (--no-wait: do not follow).")
    String resume;

    @Option(names = "--list", description = "List the replays (of --event-type, if given).")
    boolean list;

    @Option(names = "--poll-interval", defaultValue = "1s", description = "How often progress is read "
            + "(default ${DEFAULT-VALUE}).", converter = DurationConverter.class)
    Duration pollInterval;

    @Override
    public Integer call() {
        if (cancel != null) {
            JsonNode replay = api().delete("/api/lake/replays/" + LakeApi.encode(cancel));
            out().println("replay " + cancel + ": " + replay.path("status").asString());
            return 0;
        }
        if (resume != null) {
            JsonNode replay = api().post("/api/lake/replays/" + LakeApi.encode(resume) + "/resume", Map.of());
            out().println("replay " + resume + ": " + replay.path("status").asString());
            return noWait ? 0 : follow(resume);
        }
        if (list) {
            JsonNode replays = api().get("/api/lake/replays" + (eventType == null ? ""
                    : "?eventType=" + LakeApi.encode(eventType)));
            if (json()) {
                Output.json(out(), replays);
            } else {
                Output.table(out(), replays, "id", "eventType", "status", "filesDone", "filesTotal", "matched", "sent",
                        "createdAt");
            }
            return 0;
        }
        if (watch != null) {
            return follow(watch);
        }
        if (eventType == null) {
            throw new ParameterException(spec.commandLine(), "--event-type is required (or --watch, --resume, --cancel, --list)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventType", eventType);
        DryRunCommand.putIfSet(body, "stages", stages);
        DryRunCommand.putIfSet(body, "keyword", keyword);
        DryRunCommand.putIfSet(body, "reason", reason);
        DryRunCommand.putIfSet(body, "schemaVersion", failedVersion);
        DryRunCommand.putIfSet(body, "from", from);
        DryRunCommand.putIfSet(body, "to", to);
        DryRunCommand.putIfSet(body, "ids", ids);
        DryRunCommand.putIfSet(body, "targetVersion", targetVersion);
        DryRunCommand.putIfSet(body, "ratePerSecond", rate);
        DryRunCommand.putIfSet(body, "limit", limit);
        if (dryRun) {
            body.put("dryRun", true);
        }
        JsonNode answer = api().post("/api/lake/replays", body);
        if (json() && (dryRun || noWait)) {
            Output.json(out(), answer);
            return 0;
        }
        if (dryRun) {
            JsonNode sampled = answer.path("sampled");
            out().println("dry run of " + eventType + (targetVersion == null ? "" : " against v" + targetVersion)
                    + ": " + sampled.path("selected").asLong() + " selected error events ("
                    + sampled.path("rows").asLong() + " rows in " + sampled.path("files").asLong() + " files"
                    + (sampled.path("complete").asBoolean() ? "" : ", stopped at the limit") + ")");
            out().println("would pass now: " + answer.path("wouldPass").asLong());
            out().println("still fail:     " + answer.path("stillFail").asLong());
            DryRunCommand.printViolations(out(), answer.path("violations"));
            return 0;
        }
        String id = answer.path("id").asString();
        out().println("replay " + id + " started");
        return noWait ? 0 : follow(id);
    }

    /** Polls the replay until it ends, drawing the bar (in place on a terminal, a line per change otherwise). */
    private int follow(String id) {
        boolean terminal = inlet.terminal;
        String last = null;
        while (true) {
            JsonNode replay = api().get("/api/lake/replays/" + LakeApi.encode(id));
            String status = replay.path("status").asString();
            String line = ProgressBar.render(replay.path("filesDone").asLong(), replay.path("filesTotal").asLong(),
                    replay.path("sent").asLong(), replay.path("matched").asLong(), status);
            if (!line.equals(last)) {
                if (terminal) {
                    out().print("\r" + line);
                    out().flush();
                } else {
                    out().println(line);
                }
                last = line;
            }
            if (!"running".equals(status)) {
                if (terminal) {
                    out().println();
                }
                if (!replay.path("message").isNull() && !replay.path("message").asString("").isEmpty()) {
                    out().println(replay.path("message").asString());
                }
                return "done".equals(status) ? 0 : 1;
            }
            LockSupport.parkNanos(pollInterval.toNanos());
        }
    }

    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.parse(value);
        }
    }
}
