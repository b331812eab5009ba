package io.inlet.lake.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Replays;
import io.inlet.lake.support.LakeHarness;
import io.inlet.lake.support.ToggleableProxy;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Dispatcher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A replay whose publishes keep failing, on real NATS: the lake reaches NATS through a proxy that is cut while the
 * replay runs. The replay tries each frame a bounded number of times with a backoff, then pauses with the last
 * error (progress API, per-status gauge); once NATS is back a resume sends every event, each once.
 */
class ReplayPublishFailureIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant NINE = Instant.parse("2026-11-24T09:20:00Z");

    private static LakeHarness harness;
    private static ToggleableProxy nats;
    private static ConfigurableApplicationContext lake;
    private static final List<FramedEvent> raw = new CopyOnWriteArrayList<>();
    private static Dispatcher rawTap;

    @BeforeAll
    static void start() {
        harness = new LakeHarness("replay-pubfail");
        URI url = URI.create(Infrastructure.nats().url());
        nats = new ToggleableProxy(url.getHost(), url.getPort());
        lake = harness.start(Map.of("spring.cloud.stream.nats.binder.servers", "nats://127.0.0.1:" + nats.port(),
                "spring.cloud.stream.nats.bindings.lakeReplay.producer.ack-timeout", "1s",
                "inlet.lake.replay.poll-interval", "200ms", "inlet.lake.replay.frame-events", "50",
                "inlet.lake.replay.publish-attempts", "3", "inlet.lake.replay.retry-backoff", "300ms"));
        rawTap = harness.nats.createDispatcher(message -> raw.addAll(FrameCodec.decode(message.getData()).events()));
        rawTap.subscribe("inlet.raw.>");
    }

    @AfterAll
    static void stop() {
        if (lake != null) {
            lake.close();
        }
        if (nats != null) {
            nats.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aReplayWhosePublishesKeepFailingPausesWithTheErrorAndAResumeSendsEveryEventOnce() {
        String type = UniqueNames.lowerToken("pubfail") + ".viewed";
        harness.registry.register(type, "{\"type\":\"object\"}");
        harness.publishErrors(type, IntStream.range(0, 120).mapToObj(i -> LakeHarness.failedEvent("p-" + i, NINE, 1,
                1L, "{\"n\":" + i + "}", new FrameFailure(FrameFailure.STAGE_SCHEMA, "1 schema violation",
                        List.of(new Violation("/n", "type", "no")), "inlet.events.x", NINE))).toList());
        await().atMost(Duration.ofSeconds(60)).until(() -> harness.number("select coalesce(sum(row_count), 0) "
                + "from lake_file where lake = 'errors' and event_type = '" + type
                + "' and published_at is not null") == 120);

        nats.down();
        String id = post("/api/lake/replays", Map.of("eventType", type, "ratePerSecond", 10000), 201)
                .get("id").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> "paused".equals(get(id).get("status").asString()));
        JsonNode paused = get(id);
        assertThat(paused.get("message").asString()).contains("publishing to inlet.raw." + type)
                .contains("attempt 3 of 3");
        assertThat(paused.get("sent").asLong()).isZero();
        assertThat(metric("inlet_lake_replays", "status=\"paused\"")).isEqualTo(1.0);
        assertThat(metric("inlet_lake_replays", "status=\"running\"")).isZero();
        assertThat(metric("inlet_lake_replay_publish_failures_total", null)).as("three attempts, then the pause")
                .isEqualTo(3.0);

        nats.up();
        JsonNode resumed = post("/api/lake/replays/" + id + "/resume", Map.of(), 200);
        assertThat(resumed.get("status").asString()).isIn("running", "done");
        await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(get(id).get("status").asString()));
        JsonNode done = get(id);
        assertThat(done.get("sent").asLong()).isEqualTo(120);
        assertThat(done.get("message").isNull()).as("the error is gone once frames go out again").isTrue();
        assertThat(metric("inlet_lake_replays", "status=\"done\"")).isEqualTo(1.0);
        assertThat(metric("inlet_lake_replays", "status=\"paused\"")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> sentBy(id).size() >= 120);
        Set<String> ids = sentBy(id).stream().map(FramedEvent::eventId).collect(Collectors.toSet());
        assertThat(ids).hasSize(120);
        assertThat(post("/api/lake/replays/" + id + "/resume", Map.of(), 400).get("detail").asString())
                .contains("is done, not paused");
    }

    private static List<FramedEvent> sentBy(String replayId) {
        return raw.stream().filter(e -> replayId.equals(Replays.replayOf(e))).toList();
    }

    /** A value of the lake's Prometheus scrape: the first sample of {@code name} whose labels contain {@code label}. */
    private static double metric(String name, String label) {
        String body = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/prometheus")).build(), 200);
        Matcher sample = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(body);
        while (sample.find()) {
            if (label == null || (sample.group(1) != null && sample.group(1).contains(label))) {
                return Double.parseDouble(sample.group(2));
            }
        }
        throw new AssertionError("no " + name + " " + label + " in the scrape");
    }

    private static JsonNode post(String path, Object body, int status) {
        return JSON.readTree(send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + LakeHarness.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), status));
    }

    private static JsonNode get(String id) {
        return JSON.readTree(send(HttpRequest.newBuilder(URI.create(base() + "/api/lake/replays/" + id))
                .header("Authorization", "Bearer " + LakeHarness.ADMIN_TOKEN).build(), 200));
    }

    private static String send(HttpRequest request, int status) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + lake.getEnvironment().getProperty("local.server.port");
    }
}
