package io.inlet.lake.dryrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.lake.support.LakeHarness;
import io.inlet.testsupport.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/lake/dry-runs} on a real lake (NATS, PostgreSQL, S3): page.viewed events in the data lake
 * (stored under v2) and in the error lake (the fixtures' invalid events, failed under v2) are tested against
 * registered versions and inline candidates; the answers are the pipeline's own verdicts, bounded as asked, and
 * nothing is registered or written.
 */
class DryRunIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TYPE = "page.viewed";
    private static final Instant NINE = Instant.parse("2026-11-24T09:20:00Z");
    private static final Instant TEN = Instant.parse("2026-11-24T10:05:00Z");

    private static LakeHarness harness;
    private static ConfigurableApplicationContext app;
    private static List<String> invalid;
    private static List<String> expected;
    private static List<String> valid;

    @BeforeAll
    static void startLakeWithEventsInBothLakes() {
        harness = new LakeHarness("dry-run-it");
        harness.registry.register(TYPE, Fixtures.schema("page.viewed.v1.json"));
        harness.registry.register(TYPE, Fixtures.schema("page.viewed.v2.json"));
        app = harness.start(Map.of());

        valid = Fixtures.events("page.viewed.valid.ndjson");
        List<FramedEvent> stored = new ArrayList<>();
        for (int i = 0; i < valid.size(); i++) {
            stored.add(LakeHarness.validEvent("ok-" + i, NINE, 2, valid.get(i)));
        }
        harness.publishValid(TYPE, stored);
        invalid = Fixtures.events("page.viewed.invalid.ndjson");
        expected = Fixtures.events("page.viewed.invalid.expected.ndjson");
        List<FramedEvent> failed = new ArrayList<>();
        for (int i = 0; i < invalid.size(); i++) {
            failed.add(LakeHarness.failedEvent("bad-" + i, NINE, 2, 101L, invalid.get(i), failure(expected.get(i))));
        }
        harness.publishErrors(TYPE, failed);
        // one more failure, an hour later, for the time range
        harness.publishErrors(TYPE, List.of(LakeHarness.failedEvent("late-0", TEN, 2, 101L, invalid.get(0),
                failure(expected.get(0)))));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(publishedRows("data")).isEqualTo(valid.size());
            assertThat(publishedRows("errors")).isEqualTo(invalid.size() + 1);
        });
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void theRegisteredVersionFailsTheErrorLakeEventsWithThePipelinesViolations() throws Exception {
        JsonNode report = dryRun(Map.of("eventType", TYPE, "version", 2, "source", "errors",
                "to", "2026-11-24T10:00:00Z"));
        assertThat(report.get("passed").asLong()).isZero();
        assertThat(report.get("failed").asLong()).isEqualTo(invalid.size());
        assertThat(report.get("candidate").get("version").asInt()).isEqualTo(2);
        assertThat(report.get("candidate").get("inline").asBoolean()).isFalse();
        JsonNode sampled = report.get("sampled");
        assertThat(sampled.get("events").asLong()).isEqualTo(invalid.size());
        assertThat(sampled.get("errors").asLong()).isEqualTo(invalid.size());
        assertThat(sampled.get("valid").asLong()).isZero();
        assertThat(sampled.get("complete").asBoolean()).isTrue();
        assertThat(sampled.has("stoppedBy")).isFalse();
        // the pipeline's verdict on each: exactly the fixtures' expected violations, each with its event's id
        Map<String, List<String>> want = new java.util.LinkedHashMap<>();
        for (int i = 0; i < expected.size(); i++) {
            for (JsonNode v : JSON.readTree(expected.get(i))) {
                want.computeIfAbsent(v.get("instanceLocation").asString() + " " + v.get("keyword").asString(),
                        k -> new ArrayList<>()).add("bad-" + i);
            }
        }
        Map<String, List<String>> got = report.get("violations").valueStream().collect(Collectors.toMap(
                v -> v.get("pointer").asString() + " " + v.get("keyword").asString(),
                v -> v.get("exampleIds").valueStream().map(JsonNode::asString).toList()));
        assertThat(got).isEqualTo(want);
        assertThat(report.get("violations").valueStream().mapToLong(v -> v.get("count").asLong()).sum())
                .isEqualTo(want.values().stream().mapToLong(List::size).sum());
        assertThat(report.get("failures").valueStream().map(f -> f.get("stage").asString())).containsOnly("schema");
    }

    @Test
    void anInlineCandidateThatAllowsWhatFailedPassesThoseEventsAndOnlyThose() throws Exception {
        ObjectNode candidate = (ObjectNode) JSON.readTree(Fixtures.schema("page.viewed.v2.json"));
        ObjectNode properties = (ObjectNode) candidate.get("properties");
        properties.set("duration_ms", JSON.readTree("{\"type\": \"integer\"}"));
        properties.set("clicks", JSON.readTree("{\"type\": \"integer\"}"));
        JsonNode report = dryRun(Map.of("eventType", TYPE, "schema", candidate, "source", "errors",
                "to", "2026-11-24T10:00:00Z"));
        // bad-2 (duration_ms -5) and bad-3 (clicks) pass now; the other three still fail as before
        assertThat(report.get("passed").asLong()).isEqualTo(2);
        assertThat(report.get("failed").asLong()).isEqualTo(3);
        assertThat(report.get("candidate").get("inline").asBoolean()).isTrue();
        assertThat(report.get("failures").valueStream().map(f -> f.get("eventId").asString()))
                .containsExactlyInAnyOrder("bad-0", "bad-1", "bad-4");
        assertThat(report.get("violations").valueStream().map(v -> v.get("keyword").asString()))
                .doesNotContain("minimum", "additionalProperties");
    }

    @Test
    void dataLakeEventsAreCheckedAsStoredAndAnOlderVersionRejectsTheNewProperty() throws Exception {
        JsonNode v2 = dryRun(Map.of("eventType", TYPE, "version", 2, "source", "valid"));
        assertThat(v2.get("passed").asLong()).as(v2.toString()).isEqualTo(valid.size());
        assertThat(v2.get("failed").asLong()).isZero();
        assertThat(v2.get("bySource").get("valid").get("passed").asLong()).isEqualTo(valid.size());

        JsonNode v1 = dryRun(Map.of("eventType", TYPE, "version", 1, "source", "valid"));
        List<String> withDevice = new ArrayList<>();
        for (int i = 0; i < valid.size(); i++) {
            if (valid.get(i).contains("\"device\"")) {
                withDevice.add("ok-" + i);
            }
        }
        assertThat(withDevice).isNotEmpty();
        assertThat(v1.get("failed").asLong()).isEqualTo(withDevice.size());
        assertThat(v1.get("violations")).singleElement().satisfies(v -> {
            assertThat(v.get("pointer").asString()).isEmpty();
            assertThat(v.get("keyword").asString()).isEqualTo("additionalProperties");
            assertThat(v.get("exampleIds").valueStream().map(JsonNode::asString)).containsExactlyElementsOf(withDevice);
        });
    }

    @Test
    void bothLakesByDefaultWithinALimit() throws Exception {
        JsonNode all = dryRun(Map.of("eventType", TYPE, "version", 2));
        assertThat(all.get("sampled").get("source").asString()).isEqualTo("both");
        assertThat(all.get("sampled").get("limit").asInt()).isEqualTo(1000);
        assertThat(all.get("sampled").get("events").asLong()).isEqualTo(valid.size() + invalid.size() + 1);
        assertThat(all.get("passed").asLong()).isEqualTo(valid.size());

        JsonNode limited = dryRun(Map.of("eventType", TYPE, "version", 2, "limit", 3));
        assertThat(limited.get("sampled").get("events").asLong()).isEqualTo(3);
        assertThat(limited.get("sampled").get("stoppedBy").asString()).isEqualTo("limit");
        assertThat(limited.get("sampled").get("complete").asBoolean()).isFalse();
        assertThat(limited.get("passed").asLong() + limited.get("failed").asLong()).isEqualTo(3);
    }

    @Test
    void aTimeRangeSamplesOnlyEventsReceivedInIt() throws Exception {
        JsonNode report = dryRun(Map.of("eventType", TYPE, "version", 2, "from", "2026-11-24T10:00:00Z",
                "to", "2026-11-24T11:00:00+00:00"));
        assertThat(report.get("sampled").get("events").asLong()).isEqualTo(1);
        assertThat(report.get("failures")).singleElement()
                .satisfies(f -> assertThat(f.get("eventId").asString()).isEqualTo("late-0"));
        assertThat(report.get("sampled").get("oldestReceivedAt").asString()).isEqualTo(TEN.toString());
        JsonNode none = dryRun(Map.of("eventType", TYPE, "version", 2, "from", "2027-01-01T00:00:00Z"));
        assertThat(none.get("sampled").get("events").asLong()).isZero();
        assertThat(none.get("sampled").get("complete").asBoolean()).isTrue();
    }

    @Test
    void registersAndWritesNothing() throws Exception {
        long files = harness.number("select count(*) from lake_file");
        long dataMessages = harness.nats.jetStreamManagement().getStreamInfo(harness.validStream).getStreamState()
                .getMsgCount();
        dryRun(Map.of("eventType", TYPE, "schema", JSON.readTree("{\"type\": \"object\"}")));
        dryRun(Map.of("eventType", TYPE, "version", 1));
        assertThat(harness.registry.requests()).allMatch(r -> r.startsWith("GET "));
        assertThat(harness.number("select count(*) from lake_file")).isEqualTo(files);
        assertThat(harness.nats.jetStreamManagement().getStreamInfo(harness.validStream).getStreamState()
                .getMsgCount()).isEqualTo(dataMessages);
    }

    @Test
    void badRequestsAreProblemsThatSayWhatToChange() throws Exception {
        assertProblem(post(Map.of("eventType", TYPE)), 400, "exactly one of schema");
        assertProblem(post(Map.of("eventType", TYPE, "version", 1, "schema", Map.of("type", "object"))), 400,
                "exactly one of schema");
        assertProblem(post(Map.of("eventType", TYPE, "version", 2, "limit", 10001)), 400,
                "limit must be between 1 and 10000");
        assertProblem(post(Map.of("eventType", TYPE, "version", 2, "source", "everything")), 400,
                "source must be valid, errors or both");
        assertProblem(post(Map.of("eventType", TYPE, "version", 2, "from", "yesterday")), 400,
                "from must be an RFC 3339 date-time");
        assertProblem(post(Map.of("eventType", "Not A Type", "version", 2)), 400, "");
        assertProblem(post(Map.of("eventType", TYPE, "schema", "not an object")), 400, "schema must be a JSON Schema object");
        assertProblem(post(Map.of("eventType", TYPE, "version", 9)), 404, "has no registered version 9");
        HttpResponse<String> notJson = send("{not json", LakeHarness.ADMIN_TOKEN);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aRunStopsAtItsDeadlineAndSaysSo() throws Exception {
        try (ConfigurableApplicationContext hurried = harness.start(Map.of("inlet.lake.dry-run.timeout", "0s"))) {
            HttpResponse<String> response = send(JSON.writeValueAsString(Map.of("eventType", TYPE, "version", 2)),
                    LakeHarness.ADMIN_TOKEN, hurried);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode sampled = JSON.readTree(response.body()).get("sampled");
            assertThat(sampled.get("stoppedBy").asString()).isEqualTo("time");
            assertThat(sampled.get("complete").asBoolean()).isFalse();
            assertThat(sampled.get("events").asLong()).isZero();
        }
    }

    @Test
    void theReaderTokenMayNotRunOne() throws Exception {
        HttpResponse<String> response = send(JSON.writeValueAsString(Map.of("eventType", TYPE, "version", 2)),
                LakeHarness.READER_TOKEN);
        assertThat(response.statusCode()).isEqualTo(403);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains(detail);
    }

    private static JsonNode dryRun(Map<String, ?> body) throws Exception {
        HttpResponse<String> response = post(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(Map<String, ?> body) throws Exception {
        return send(JSON.writeValueAsString(body), LakeHarness.ADMIN_TOKEN);
    }

    private static HttpResponse<String> send(String body, String token) throws Exception {
        return send(body, token, app);
    }

    private static HttpResponse<String> send(String body, String token, ConfigurableApplicationContext lake)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + lake.getEnvironment().getProperty("local.server.port") + "/api/lake/dry-runs"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long publishedRows(String lake) {
        return harness.number("select coalesce(sum(row_count), 0) from lake_file where lake = '" + lake
                + "' and event_type = '" + TYPE + "' and published_at is not null");
    }

    private static FrameFailure failure(String expectedViolations) {
        List<Violation> violations = new ArrayList<>();
        for (JsonNode v : JSON.readTree(expectedViolations)) {
            violations.add(new Violation(v.get("instanceLocation").asString(), v.get("keyword").asString(),
                    "fails " + v.get("keyword").asString()));
        }
        return new FrameFailure(FrameFailure.STAGE_SCHEMA, violations.size() + " schema violations", violations,
                "inlet.events." + TYPE, NINE);
    }
}
