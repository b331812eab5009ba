package io.inlet.lake.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.EventType;
import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Origin;
import io.inlet.contracts.frame.Replays;
import io.inlet.lake.support.LakeHarness;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Dispatcher;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays from the error lake on real NATS, PostgreSQL and S3: the lake reads its error files back, dry-runs them
 * against a newer schema and publishes them to {@code inlet.raw.<type>}. The test stands in for the consumer and
 * pipeline (which the end-to-end loop test runs for real): it passes the replayed frames on as the pipeline would.
 */
class ReplayIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant NINE = Instant.parse("2026-11-24T09:20:00Z");
    private static final String V1 = """
            {"type":"object","additionalProperties":false,"required":["user","n"],
             "properties":{"user":{"type":"string"},"n":{"type":"integer"}}}""";
    private static final String V2 = """
            {"type":"object","additionalProperties":false,"required":["user","n"],
             "properties":{"user":{"type":"string"},"n":{"type":"integer"},"device":{"type":"string"}}}""";

    /** The stream request lookups read, standing in for INLET_RAW (the gateway's frames). */
    private static final String RAW_STREAM = UniqueNames.streamName("replay_it_raw");
    private static LakeHarness harness;
    private static ConfigurableApplicationContext lake;
    private static final List<EventFrame> raw = new CopyOnWriteArrayList<>();
    private static Dispatcher rawTap;

    @BeforeAll
    static void start() {
        harness = new LakeHarness("replay-it");
        try {
            harness.nats.jetStreamManagement().addStream(StreamConfiguration.builder().name(RAW_STREAM)
                    .subjects(rawPrefix() + ".>").storageType(StorageType.File).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        lake = harness.start(fastReplays());
        rawTap = harness.nats.createDispatcher(message -> raw.add(FrameCodec.decode(message.getData())));
        rawTap.subscribe("inlet.raw.>");
    }

    @AfterAll
    static void stop() {
        if (lake != null) {
            lake.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    private static Map<String, Object> fastReplays() {
        return Map.of("inlet.lake.replay.poll-interval", "200ms", "inlet.lake.replay.lease", "3s",
                "inlet.lake.replay.frame-events", "50", "inlet.lake.lineage.raw-stream", RAW_STREAM);
    }

    private static String rawPrefix() {
        return harness.prefix + ".raw";
    }

    @Test
    void dryRunThenReplayTakesEachEventToTheDataLakeOnceAndRecordsWhatStillFails() {
        String type = UniqueNames.lowerToken("replay") + ".viewed";
        harness.registry.register(type, V1);
        harness.registry.register(type, V2);
        List<FramedEvent> failed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            failed.add(failedV1("ok-" + i, "{\"user\":\"u-" + i + "\",\"n\":" + i + ",\"device\":\"mobile\"}",
                    "additionalProperties"));
        }
        for (int i = 0; i < 5; i++) {
            failed.add(failedV1("bad-" + i, "{\"user\":\"u-" + i + "\",\"n\":\"many\"}", "type"));
        }
        harness.publishErrors(type, failed);
        awaitRows("errors", type, 25);

        JsonNode dry = post(Map.of("eventType", type, "targetVersion", 2, "dryRun", true), 200);
        assertThat(dry.get("wouldPass").asLong()).isEqualTo(20);
        assertThat(dry.get("stillFail").asLong()).isEqualTo(5);
        assertThat(dry.at("/sampled/selected").asLong()).isEqualTo(25);
        assertThat(dry.at("/sampled/complete").asBoolean()).isTrue();
        assertThat(dry.at("/violations/0/pointer").asString()).isEqualTo("/n");
        assertThat(dry.at("/violations/0/keyword").asString()).isEqualTo("type");
        assertThat(dry.at("/violations/0/count").asLong()).isEqualTo(5);
        JsonNode keywordOnly = post(Map.of("eventType", type, "keyword", "type", "targetVersion", 2, "dryRun", true),
                200);
        assertThat(keywordOnly.at("/sampled/selected").asLong()).isEqualTo(5);
        assertThat(harness.number("select count(*) from lake_replay")).as("a dry run records nothing").isZero();

        String first = runReplay(type);
        List<FramedEvent> sent = replayed(first);
        assertThat(sent).extracting(FramedEvent::eventId).containsExactlyInAnyOrderElementsOf(
                failed.stream().map(FramedEvent::eventId).toList());
        Map<String, FramedEvent> originals = failed.stream().collect(Collectors.toMap(FramedEvent::eventId, e -> e));
        for (FramedEvent event : sent) {
            assertThat(event.receivedAt()).isEqualTo(originals.get(event.eventId()).receivedAt());
            assertThat(event.payload()).isEqualTo(originals.get(event.eventId()).payload());
            assertThat(event.schemaVersion()).isEqualTo(2);
            assertThat(Replays.isReplay(event.origin())).isTrue();
            assertThat(event.apiKeyId()).isEqualTo("key-7");
            assertThat(event.requestId()).isEqualTo("req-" + event.eventId());
            assertThat(event.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("source",
                    "/shop/" + event.eventId(), "specversion", "1.0", Replays.ATTRIBUTE, first));
        }
        actAsThePipeline(type, sent);
        awaitRows("data", type, 20);
        awaitRows("errors", type, 30);

        String second = runReplay(type);
        // Every error row again: the 25 first failures and the 5 failures of the first replay.
        List<FramedEvent> again = everySent(second);
        assertThat(again).hasSize(30);
        Map<String, Origin> firstOrigins = sent.stream().collect(Collectors.toMap(FramedEvent::eventId,
                FramedEvent::origin));
        assertThat(again).allSatisfy(e -> assertThat(e.origin()).isEqualTo(firstOrigins.get(e.eventId())));
        actAsThePipeline(type, again);
        // The still-failing five are recorded once more, under the second replay; the data lake takes nothing new.
        awaitRows("errors", type, 35);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                .until(() -> rows("data", type) == 20);

        JsonNode progress = get("/api/lake/replays/" + second);
        assertThat(progress.get("status").asString()).isEqualTo("done");
        assertThat(progress.get("sent").asLong()).isEqualTo(30);
        assertThat(progress.get("matched").asLong()).isEqualTo(30);
        assertThat(get("/api/lake/replays?eventType=" + type)).hasSize(2);

        String window = "?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z";
        JsonNode passed = get("/api/lake/lineage/" + type + "/ok-3" + window);
        assertThat(passed.get("status").asString()).isEqualTo("data-lake");
        assertThat(passed.get("data")).hasSize(1);
        assertThat(passed.at("/data/0/table").asString()).isEqualTo(type);
        assertThat(passed.at("/data/0/partition").asString()).isEqualTo("dt=2026-11-24/hr=09");
        assertThat(passed.at("/data/0/schemaVersion").asInt()).isEqualTo(2);
        assertThat(passed.at("/data/0/key").asString()).endsWith(".parquet");
        assertThat(passed.get("errors")).hasSize(1);
        assertThat(passed.get("replays")).extracting(r -> r.get("replayId").asString()).containsExactly(first, second);
        JsonNode failing = get("/api/lake/lineage/" + type + "/bad-2" + window);
        assertThat(failing.get("status").asString()).isEqualTo("error-lake");
        assertThat(failing.get("errors")).hasSize(3);
        assertThat(failing.at("/errors/2/violations/0/keyword").asString()).isEqualTo("type");
        assertThat(failing.at("/errors/2/schemaVersion").asInt()).isEqualTo(2);
        JsonNode unknown = get("/api/lake/lineage/" + type + "/nobody" + window);
        assertThat(unknown.get("status").asString()).isEqualTo("not-found");
        assertThat(unknown.get("note").asString()).contains("still in flight");
    }

    @Test
    void eventsAStepFilteredAreRecordedOnceAndLineageNamesTheStepByIdAndByRequest() {
        String type = UniqueNames.lowerToken("filtered") + ".viewed";
        harness.registry.register(type, V1);
        String requestId = UniqueNames.lowerToken("req");
        Instant startedAt = Instant.now();
        // One gateway request of six events: on the raw stream as the gateway publishes it (the request lookup
        // reads it there), then as the pipeline passes them on, with the consumer's origins (one raw message).
        List<FramedEvent> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sent.add(new FramedEvent((i % 2 == 0 ? "kept-" : "dropped-") + i, NINE.plusSeconds(i), "gateway", 1, 1L,
                    null, requestId, Map.of(), null, null,
                    ("{\"user\":\"u-" + i + "\",\"n\":" + i + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        harness.publish(rawPrefix() + "." + type, EventFrame.events(EventType.of(type), sent));
        List<FramedEvent> placed = harness.fromOneRawMessage(sent);
        io.inlet.contracts.frame.FilteredBy step = new io.inlet.contracts.frame.FilteredBy(2,
                io.inlet.contracts.frame.FilteredBy.FILTER, "#n % 2 == 0", 3L);
        EventFrame filtered = EventFrame.filtered(EventType.of(type), placed.stream()
                .filter(e -> e.eventId().startsWith("dropped-")).map(e -> e.filtered(step)).toList());
        harness.publish(harness.validPrefix() + "." + type, EventFrame.events(EventType.of(type), placed.stream()
                .filter(e -> e.eventId().startsWith("kept-")).toList()));
        harness.publish(harness.validPrefix() + "." + type, filtered);
        awaitRows("data", type, 3);
        awaitRows("filtered", type, 3);

        // The pipeline's output again, after JetStream's duplicate window (or redelivered): recognised by origin.
        double duplicates = lake.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .counter("inlet.lake.events.duplicates").count();
        harness.publish(harness.validPrefix() + "." + type, filtered);
        await().atMost(Duration.ofSeconds(30)).until(() -> lake.getBean(
                io.micrometer.core.instrument.MeterRegistry.class).counter("inlet.lake.events.duplicates").count()
                >= duplicates + 3 || rows("filtered", type) > 3);
        assertThat(rows("filtered", type)).as("each filtered event once").isEqualTo(3);
        assertThat(harness.query(harness.errorBucket, type + "@filtered",
                "select _inlet_event_id, step, step_kind, description, pipeline_revision, request_id FROM lake"))
                .extracting(r -> r.get("_inlet_event_id") + " " + r.get("step") + " " + r.get("step_kind") + " "
                        + r.get("description") + " " + r.get("pipeline_revision") + " " + r.get("request_id"))
                .containsExactlyInAnyOrder("dropped-1 2 filter #n % 2 == 0 3 " + requestId,
                        "dropped-3 2 filter #n % 2 == 0 3 " + requestId, "dropped-5 2 filter #n % 2 == 0 3 " + requestId);

        String window = "?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z";
        JsonNode dropped = get("/api/lake/lineage/" + type + "/dropped-3" + window);
        assertThat(dropped.get("status").asString()).isEqualTo("filtered");
        assertThat(dropped.get("data")).isEmpty();
        assertThat(dropped.get("filtered")).singleElement().satisfies(f -> {
            assertThat(f.get("step").asInt()).isEqualTo(2);
            assertThat(f.get("stepKind").asString()).isEqualTo("filter");
            assertThat(f.get("description").asString()).isEqualTo("#n % 2 == 0");
            assertThat(f.get("pipelineRevision").asLong()).isEqualTo(3);
            assertThat(f.get("summary").asString()).isEqualTo("step 2 filter: #n % 2 == 0 (pipeline revision 3)");
            assertThat(f.get("table").asString()).isEqualTo(type + "@filtered");
            assertThat(f.get("bucket").asString()).isEqualTo(harness.errorBucket);
            assertThat(f.get("partition").asString()).isEqualTo("dt=2026-11-24/hr=09");
        });
        assertThat(dropped.get("note").isNull()).isTrue();
        assertThat(get("/api/lake/lineage/" + type + "/kept-2" + window).get("status").asString())
                .isEqualTo("data-lake");

        JsonNode request = get("/api/lake/lineage/requests/" + requestId + "?from=" + startedAt.minusSeconds(60));
        Map<String, String> statuses = new HashMap<>();
        request.get("events").forEach(e -> statuses.put(e.get("eventId").asString(), e.get("status").asString()));
        assertThat(statuses).containsOnly(Map.entry("kept-0", "data-lake"), Map.entry("dropped-1", "filtered"),
                Map.entry("kept-2", "data-lake"), Map.entry("dropped-3", "filtered"), Map.entry("kept-4", "data-lake"),
                Map.entry("dropped-5", "filtered"));
        request.get("events").forEach(e -> {
            if (e.get("status").asString().equals("filtered")) {
                assertThat(e.at("/filtered/0/summary").asString()).startsWith("step 2 filter: ");
            }
        });
    }

    @Test
    void aReplayStoppedMidwayIsResumedByTheNextInstanceAndEveryEventKeepsItsOrigin() {
        String type = UniqueNames.lowerToken("resume") + ".viewed";
        harness.registry.register(type, V1);
        List<FramedEvent> failed = IntStream.range(0, 400)
                .mapToObj(i -> failedV1("r-" + i, "{\"user\":\"u\",\"n\":" + i + ",\"x\":1}", "additionalProperties"))
                .toList();
        harness.publishErrors(type, failed);
        awaitRows("errors", type, 400);

        String id = post(Map.of("eventType", type, "ratePerSecond", 100), 201).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/lake/replays/" + id).get("sent").asLong() >= 50);
        lake.close();
        long sentBefore = harness.number("select sent from lake_replay where id = '" + id + "'");
        assertThat(sentBefore).isLessThan(400);

        lake = harness.start(fastReplays());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "done".equals(get("/api/lake/replays/" + id).get("status").asString()));
        List<FramedEvent> sent = replayed(id);
        Map<String, List<Origin>> origins = sent.stream().collect(Collectors.groupingBy(FramedEvent::eventId,
                Collectors.mapping(FramedEvent::origin, Collectors.toList())));
        assertThat(origins.keySet()).hasSize(400);
        assertThat(origins.values()).allSatisfy(o -> assertThat(new java.util.HashSet<>(o)).hasSize(1));
        assertThat(harness.number("select count(*) from lake_replayed_event where replay_id = '" + id + "'"))
                .isEqualTo(400);
        assertThat(get("/api/lake/replays/" + id).get("sent").asLong()).isEqualTo(400);
    }

    @Test
    void refusesAReplayItCannotRunWithAProblem() {
        JsonNode problem = post(Map.of("eventType", "Not A Type"), 400);
        assertThat(problem.get("detail").asString()).contains("not a valid event type");
        JsonNode rate = post(Map.of("eventType", "page.viewed", "ratePerSecond", 0), 400);
        assertThat(rate.get("detail").asString()).contains("ratePerSecond must be 1..");
        assertThat(getStatus("/api/lake/replays/r-nope", LakeHarness.ADMIN_TOKEN)).isEqualTo(404);
    }

    @Test
    void readsNeedATokenAndStartingAReplayNeedsTheAdminsOne() {
        assertThat(getStatus("/api/lake/replays", null)).isEqualTo(401);
        assertThat(getStatus("/api/lake/lineage/page.viewed/e-1", null)).isEqualTo(401);
        assertThat(getStatus("/api/lake/replays", LakeHarness.READER_TOKEN)).isEqualTo(200);
        assertThat(postStatus(Map.of("eventType", "page.viewed"), LakeHarness.READER_TOKEN)).isEqualTo(403);
    }

    /** As the pipeline would: the ok- events pass v2 (to the valid subject), the others fail again. */
    private static void actAsThePipeline(String type, List<FramedEvent> events) {
        List<FramedEvent> valid = new ArrayList<>();
        List<FramedEvent> errors = new ArrayList<>();
        for (FramedEvent e : events) {
            FramedEvent applied = e.applied(2, 2L, e.payload());
            if (e.eventId().startsWith("ok-")) {
                valid.add(applied);
            } else {
                errors.add(applied.failed(new FrameFailure(FrameFailure.STAGE_SCHEMA, "1 schema violation",
                        List.of(new Violation("/n", "type", "string found, integer expected")), "inlet.events." + type,
                        Instant.now())));
            }
        }
        if (!valid.isEmpty()) {
            harness.publish(harness.validPrefix() + "." + type, EventFrame.events(EventType.of(type), valid));
        }
        if (!errors.isEmpty()) {
            harness.publish(harness.errorsPrefix() + "." + type, EventFrame.errors(EventType.of(type), errors));
        }
    }

    /** A failed event with an envelope: an API key, a request id and CloudEvents attributes. */
    private static FramedEvent failedV1(String id, String json, String keyword) {
        return new FramedEvent(id, NINE, "gateway", 1, 1L, "key-7", "req-" + id,
                Map.of("source", "/shop/" + id, "specversion", "1.0"), null, new FrameFailure(FrameFailure.STAGE_SCHEMA,
                "1 schema violation", List.of(new Violation(keyword.equals("type") ? "/n" : "", keyword, "no")),
                "inlet.events.x", NINE), json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String runReplay(String type) {
        JsonNode started = post(Map.of("eventType", type, "targetVersion", 2, "ratePerSecond", 10000), 201);
        String id = started.get("id").asString();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "done".equals(get("/api/lake/replays/" + id).get("status").asString()));
        return id;
    }

    /** What the replay published to inlet.raw, once per event id (a resumed replay may send a frame twice). */
    private static List<FramedEvent> replayed(String replayId) {
        long expected = get("/api/lake/replays/" + replayId).get("sent").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> distinct(replayId).size() >= expected);
        return new ArrayList<>(distinct(replayId).values());
    }

    /** Every event the replay published (no frame is sent twice without a restart). */
    private static List<FramedEvent> everySent(String replayId) {
        long expected = get("/api/lake/replays/" + replayId).get("sent").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> all(replayId).size() >= expected);
        return all(replayId);
    }

    private static List<FramedEvent> all(String replayId) {
        return raw.stream().flatMap(f -> f.events().stream()).filter(e -> replayId.equals(Replays.replayOf(e)))
                .toList();
    }

    private static Map<String, FramedEvent> distinct(String replayId) {
        Map<String, FramedEvent> byId = new HashMap<>();
        for (EventFrame frame : raw) {
            for (FramedEvent e : frame.events()) {
                if (replayId.equals(Replays.replayOf(e))) {
                    byId.putIfAbsent(e.eventId(), e);
                }
            }
        }
        return byId;
    }

    private static void awaitRows(String lakeName, String type, long rows) {
        await().atMost(Duration.ofSeconds(60)).until(() -> rows(lakeName, type) == rows);
    }

    private static long rows(String lakeName, String type) {
        return harness.number("select coalesce(sum(row_count), 0) from lake_file where lake = '" + lakeName
                + "' and event_type = '" + type + "' and published_at is not null");
    }

    private static String base() {
        return "http://127.0.0.1:" + lake.getEnvironment().getProperty("local.server.port");
    }

    static JsonNode post(Object body, int status) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/lake/replays"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + LakeHarness.ADMIN_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static int postStatus(Object body, String token) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/lake/replays"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + path))
                    .header("Authorization", "Bearer " + LakeHarness.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static int getStatus(String path, String token) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
