package io.inlet.lake.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Origin;
import io.inlet.contracts.frame.Replays;
import io.inlet.lake.support.LakeHarness;
import io.inlet.lake.support.ToggleableProxy;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Dispatcher;
import io.nats.client.api.StreamInfoOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A replay whose instance dies in its worst moment: a frame published to JetStream but its progress not recorded
 * (the connection to PostgreSQL is cut at the ledger insert, and the instance is stopped before it retries). Another
 * instance resumes from the last recorded cursor and sends that frame again: the same message id (JetStream keeps
 * it once) and the same replay origins (the lake would take its events once), and the ledger and counts hold every
 * event once.
 */
class ReplayCrashIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant NINE = Instant.parse("2026-11-24T09:20:00Z");

    private static LakeHarness harness;
    private static ToggleableProxy postgres;
    private static final List<FramedEvent> raw = new CopyOnWriteArrayList<>();
    private static Dispatcher rawTap;

    @BeforeAll
    static void setUp() {
        harness = new LakeHarness("replay-crash");
        URI jdbc = URI.create(harness.schema.jdbcUrl().substring("jdbc:".length()));
        postgres = new ToggleableProxy(jdbc.getHost(), jdbc.getPort());
        rawTap = harness.nats.createDispatcher(message -> raw.addAll(FrameCodec.decode(message.getData()).events()));
        rawTap.subscribe("inlet.raw.>");
    }

    @AfterAll
    static void tearDown() {
        harness.close();
        postgres.close();
    }

    @Test
    void aFrameSentButNotRecordedIsSentAgainByTheNextInstanceWithTheSameIdsAndOrigins() throws Exception {
        String type = UniqueNames.lowerToken("crash") + ".viewed";
        harness.registry.register(type, "{\"type\":\"object\"}");
        harness.publishErrors(type, IntStream.range(0, 300).mapToObj(i -> LakeHarness.failedEvent("c-" + i, NINE, 1, 1L,
                "{\"n\":" + i + "}", new FrameFailure(FrameFailure.STAGE_SCHEMA, "1 schema violation",
                        List.of(new Violation("/n", "type", "no")), "inlet.events.x", NINE))).toList());

        // Statement texts on the wire every time (no server-side prepared statements), so the cut can find them.
        String viaProxy = harness.schema.jdbcUrl().replace(jdbc().getHost() + ":" + jdbc().getPort(),
                "127.0.0.1:" + postgres.port()) + "&prepareThreshold=0";
        // A long poll interval: after the failed record the first instance does not retry before it is stopped.
        ConfigurableApplicationContext first = harness.start(Map.of("spring.datasource.url", viaProxy,
                "inlet.lake.replay.poll-interval", "10m", "inlet.lake.replay.lease", "3s",
                "inlet.lake.replay.frame-events", "50"));
        ConfigurableApplicationContext second = null;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> harness.number("select coalesce(sum(row_count), 0) "
                    + "from lake_file where lake = 'errors' and event_type = '" + type
                    + "' and published_at is not null") == 300);
            CountDownLatch cut = postgres.cutAtNextRequest("insert into lake_replayed_event");
            String id = post(first, Map.of("eventType", type, "ratePerSecond", 10000)).get("id").asString();
            assertThat(cut.await(30, TimeUnit.SECONDS)).as("the progress record was cut").isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> sentBy(id).size() >= 50);
            first.close();
            first = null;
            assertThat(harness.number("select sent from lake_replay where id = '" + id + "'"))
                    .as("the frame sent was not recorded").isZero();

            second = harness.start(Map.of("inlet.lake.replay.poll-interval", "200ms", "inlet.lake.replay.lease", "3s",
                    "inlet.lake.replay.frame-events", "50"));
            ConfigurableApplicationContext resumed = second;
            await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(get(resumed, id).get("status").asString()));

            List<FramedEvent> sent = sentBy(id);
            assertThat(sent.size()).as("the unrecorded frame went out twice").isGreaterThanOrEqualTo(350);
            Map<String, List<Origin>> origins = sent.stream().collect(Collectors.groupingBy(FramedEvent::eventId,
                    Collectors.mapping(FramedEvent::origin, Collectors.toList())));
            assertThat(origins).hasSize(300);
            assertThat(origins.values()).allSatisfy(o -> assertThat(new HashSet<>(o)).hasSize(1));
            assertThat(get(resumed, id).get("sent").asLong()).isEqualTo(300);
            assertThat(harness.number("select count(*) from lake_replayed_event where replay_id = '" + id + "'"))
                    .isEqualTo(300);
            long stored = harness.nats.jetStreamManagement().getStreamInfo("INLET_RAW",
                    StreamInfoOptions.filterSubjects("inlet.raw." + type)).getStreamState().getSubjectMap()
                    .getOrDefault("inlet.raw." + type, 0L);
            assertThat(stored).as("JetStream kept the frame sent twice once (same message id)").isEqualTo(6);
        } finally {
            if (first != null) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
        }
    }

    private static URI jdbc() {
        return URI.create(harness.schema.jdbcUrl().substring("jdbc:".length()));
    }

    private static List<FramedEvent> sentBy(String replayId) {
        return raw.stream().filter(e -> replayId.equals(Replays.replayOf(e))).toList();
    }

    private static JsonNode post(ConfigurableApplicationContext lake, Object body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base(lake) + "/api/lake/replays"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + LakeHarness.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private static JsonNode get(ConfigurableApplicationContext lake, String id) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base(lake) + "/api/lake/replays/"
                + id)).header("Authorization", "Bearer " + LakeHarness.ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static String base(ConfigurableApplicationContext lake) {
        return "http://127.0.0.1:" + lake.getEnvironment().getProperty("local.server.port");
    }
}
