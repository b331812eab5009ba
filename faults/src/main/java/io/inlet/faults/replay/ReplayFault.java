package io.inlet.faults.replay;

import io.inlet.faults.check.CheckResult;
import io.inlet.faults.lake.LakeContents;
import io.inlet.faults.lake.LakeReader;
import io.inlet.localrunner.InletService;
import io.inlet.localrunner.processes.SchemaRegistration;
import io.inlet.localrunner.processes.ServiceProcess;
import io.inlet.localrunner.processes.ServiceStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The replay fault: events of {@value #EVENT_TYPE} fail their v1 schema (a property v1 does not know) and land in
 * the error lake; v2 (which knows it) is registered; a replay starts at {@value #RATE} events/s and the lake is
 * killed with {@code kill -9} mid-replay and started again. The replay must resume (its lease runs out, the new
 * process claims it) and complete; every replayed event is then in the data lake exactly once, and a second replay
 * of the same events adds no row.
 */
public final class ReplayFault {

    public static final String EVENT_TYPE = "faults.replayed";
    /** Events failed and replayed. */
    static final int EVENTS = 400;
    /** The replay's rate: a few seconds for all, so the kill falls mid-replay. */
    static final int RATE = 100;
    /** The lake's replay lease in the fault run: how long the restarted lake waits before it resumes. */
    public static final Duration LEASE = Duration.ofSeconds(5);
    /** The lake's events per replayed frame in the fault run (a progress record each). */
    public static final int FRAME_EVENTS = 20;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration HEALTHY_AGAIN = Duration.ofMinutes(3);
    private static final String V1 = """
            {"type":"object","additionalProperties":false,"required":["id","n"],
             "properties":{"id":{"type":"string"},"n":{"type":"integer"}}}""";
    private static final String V2 = """
            {"type":"object","additionalProperties":false,"required":["id","n"],
             "properties":{"id":{"type":"string"},"n":{"type":"integer"},"fix":{"type":"string"}}}""";
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z]+)\"");
    private static final Pattern SENT = Pattern.compile("\"sent\"\\s*:\\s*(\\d+)");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServiceStack stack;
    private final String adminToken;
    private final String apiKey;
    private final LakeReader reader;
    private final Consumer<String> progress;

    /** @param apiKey a gateway key that may send {@value #EVENT_TYPE} */
    public ReplayFault(ServiceStack stack, String adminToken, String apiKey, LakeReader reader,
                       Consumer<String> progress) {
        this.stack = stack;
        this.adminToken = adminToken;
        this.apiKey = apiKey;
        this.reader = reader;
        this.progress = progress;
    }

    /** Runs the fault; one check per guarantee. */
    public List<CheckResult> run() throws Exception {
        List<CheckResult> checks = new ArrayList<>();
        String registry = stack.process(InletService.SCHEMA_REGISTRY).url();
        SchemaRegistration.register(registry, adminToken, EVENT_TYPE, V1);
        List<String> ids = IntStream.range(0, EVENTS).mapToObj(i -> "rp-" + i).toList();
        String ndjson = IntStream.range(0, EVENTS)
                .mapToObj(i -> "{\"id\":\"rp-" + i + "\",\"n\":" + i + ",\"fix\":\"v2 knows me\"}")
                .collect(Collectors.joining("\n", "", "\n"));
        HttpResponse<String> accepted = send(HttpRequest.newBuilder(URI.create(stack.process(InletService.GATEWAY)
                        .url() + "/v1/events/" + EVENT_TYPE)).header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(ndjson)));
        if (accepted.statusCode() != 202) {
            checks.add(CheckResult.fail("replay: events failed into the error lake", "the gateway answered "
                    + accepted.statusCode() + " " + accepted.body()));
            return checks;
        }
        boolean failed = await(() -> contents(ServiceStack.ERROR_BUCKET).copies().keySet().containsAll(ids));
        checks.add(failed ? CheckResult.pass("replay: events failed into the error lake", EVENTS + " events of "
                + EVENT_TYPE + " rejected by v1")
                : CheckResult.fail("replay: events failed into the error lake", "not all " + EVENTS + " within "
                + WAIT.toSeconds() + " s"));
        if (!failed) {
            return checks;
        }
        SchemaRegistration.register(registry, adminToken, EVENT_TYPE, V2);

        ServiceProcess lake = stack.process(InletService.LAKE);
        String replay = start(lake);
        progress.accept("  replay " + replay + " started at " + RATE + " events/s");
        await(() -> sent(lake, replay) >= 3L * FRAME_EVENTS);
        long sentBeforeKill = sent(lake, replay);
        long killedAt = System.currentTimeMillis();
        lake.kill();
        lake.start();
        lake.awaitHealthy(ServiceStack.healthPath(InletService.LAKE), HEALTHY_AGAIN);
        progress.accept("  lake killed with " + sentBeforeKill + " of " + EVENTS + " sent, healthy again after "
                + (System.currentTimeMillis() - killedAt) / 1000 + " s");
        boolean done = await(() -> "done".equals(status(lake, replay)));
        long sent = sent(lake, replay);
        String resumed = String.format("killed at %d of %d sent, %s after %.1f s, sent %d", sentBeforeKill, EVENTS,
                status(lake, replay), (System.currentTimeMillis() - killedAt) / 1000.0, sent);
        checks.add(done && sent == EVENTS && sentBeforeKill < EVENTS
                ? CheckResult.pass("replay: resumed after kill -9 of the lake and completed", resumed)
                : CheckResult.fail("replay: resumed after kill -9 of the lake and completed", resumed));

        await(() -> contents(ServiceStack.LAKE_BUCKET).copies().keySet().containsAll(ids));
        checks.add(exactlyOnce("replay: every replayed event in the data lake exactly once", ids));

        double duplicatesBefore = duplicates(lake);
        String again = start(lake);
        boolean againDone = await(() -> "done".equals(status(lake, again)));
        // The lake takes the second replay's events as ones it holds (same replay origins) and adds nothing.
        boolean dropped = againDone && await(() -> duplicates(lake) >= duplicatesBefore + EVENTS
                || contents(ServiceStack.LAKE_BUCKET).copies().size() > EVENTS);
        CheckResult second = exactlyOnce("replay: a second run of the same replay adds no rows", ids);
        checks.add(againDone && dropped ? second : CheckResult.fail(second.name(), "second replay " + again + " "
                + status(lake, again) + ", sent " + sent(lake, again) + ", lake duplicates "
                + (duplicates(lake) - duplicatesBefore) + " of " + EVENTS + "; " + second.detail()));
        return checks;
    }

    private CheckResult exactlyOnce(String name, List<String> ids) {
        LakeContents lake = contents(ServiceStack.LAKE_BUCKET);
        Set<String> missing = new TreeSet<>(ids);
        missing.removeAll(lake.copies().keySet());
        List<String> twice = lake.copies().entrySet().stream().filter(e -> e.getValue() != 1)
                .map(e -> e.getKey() + " x" + e.getValue()).sorted().limit(CheckResult.SHOWN).toList();
        Set<String> unexpected = new TreeSet<>(lake.copies().keySet());
        ids.forEach(unexpected::remove);
        if (missing.isEmpty() && twice.isEmpty() && unexpected.isEmpty()) {
            return CheckResult.pass(name, ids.size() + " events, each once");
        }
        return CheckResult.fail(name, "missing " + missing.size() + " " + missing.stream().limit(CheckResult.SHOWN)
                .toList() + ", not once " + twice + ", unexpected " + unexpected.stream().limit(CheckResult.SHOWN)
                .toList());
    }

    private LakeContents contents(String bucket) {
        try {
            return reader.read(bucket, EVENT_TYPE);
        } catch (Exception e) {
            return LakeContents.empty();
        }
    }

    private String start(ServiceProcess lake) throws Exception {
        HttpResponse<String> answer = send(lakeRequest(lake, "").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"eventType\":\"" + EVENT_TYPE + "\",\"targetVersion\":2,"
                        + "\"ratePerSecond\":" + RATE + "}")));
        Matcher id = ID.matcher(answer.body());
        if (answer.statusCode() != 201 || !id.find()) {
            throw new IllegalStateException("starting a replay: HTTP " + answer.statusCode() + " " + answer.body());
        }
        return id.group(1);
    }

    private String status(ServiceProcess lake, String replay) {
        return field(lake, replay, STATUS, "unreachable");
    }

    private long sent(ServiceProcess lake, String replay) {
        return Long.parseLong(field(lake, replay, SENT, "-1"));
    }

    private String field(ServiceProcess lake, String replay, Pattern pattern, String otherwise) {
        try {
            HttpResponse<String> answer = send(lakeRequest(lake, "/" + replay).GET());
            Matcher value = pattern.matcher(answer.body());
            return answer.statusCode() == 200 && value.find() ? value.group(1) : otherwise;
        } catch (Exception e) {
            return otherwise;
        }
    }

    /** {@code inlet.lake.events.duplicates} of the lake process, summed over its tags. */
    private double duplicates(ServiceProcess lake) {
        try {
            return send(HttpRequest.newBuilder(URI.create(lake.url() + "/actuator/prometheus")).GET()).body().lines()
                    .filter(l -> l.startsWith("inlet_lake_events_duplicates"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    private HttpRequest.Builder lakeRequest(ServiceProcess lake, String path) {
        return HttpRequest.newBuilder(URI.create(lake.url() + "/api/lake/replays" + path))
                .header("Authorization", "Bearer " + adminToken);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code condition} every 200 ms for up to {@link #WAIT}. */
    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return condition.getAsBoolean();
    }
}
