package io.inlet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.cli.Inlet;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Replays;
import io.inlet.testsupport.SubjectReader;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.inlet.localrunner.InletService;
import io.inlet.testsupport.UniqueNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The schema owner's loop, end to end on the five services and the {@code inlet} CLI: a v1 schema, events it
 * rejects (a field v1 does not know), a dry run of the replay against v2 showing they would pass, v2 registered, a
 * replay, each event once in the data lake, a second replay that adds nothing, and lineage finding each event (and
 * the request that sent them); and events a filter step removed, traced by lineage to that step.
 */
class SchemaOwnerLoopIT extends E2eTest {

    private static final Duration LANDING = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void failingEventsAreReplayedAfterTheFixIntoTheDataLakeOnceAndTracedToIt() throws IOException {
        String type = UniqueNames.lowerToken("e2e_loop") + ".page.viewed";
        inlet.registerSchema(type, fixture("page.viewed.v1.json"));
        String ndjson = IntStream.range(0, 10).mapToObj(i -> "{\"user_id\":\"u-" + i
                        + "\",\"url\":\"https://shop.example.com/" + i + "\",\"viewed_at\":\"2026-12-01T10:00:0" + i
                        + "Z\",\"device\":\"mobile\"}")
                .collect(Collectors.joining("\n", "", "\n"));
        InletClient.Accepted accepted = inlet.accept(type, ndjson);
        List<String> ids = accepted.ids();
        await().atMost(LANDING).pollInterval(Duration.ofSeconds(1))
                .until(() -> lake.rows(stack.errorBucket, type, "_inlet_event_id", "").size() == 10);
        assertThat(cli("errors", type, "--limit", "1").output).contains("additionalProperties");

        // Before registering anything: test the candidate on the events it will meet.
        java.nio.file.Path candidate = java.nio.file.Files.createTempFile("page.viewed.v2", ".json");
        java.nio.file.Files.writeString(candidate, fixture("page.viewed.v2.json"));
        Run tested = cli("dry-run", "--event-type", type, "--schema", candidate.toString());
        assertThat(tested.code).as(tested.errors).isZero();
        assertThat(tested.output).contains("passed:  10").contains("failed:  0");
        Run v1Again = cli("dry-run", "--event-type", type, "--version", "1", "--json");
        assertThat(InletClient.JSON.readTree(v1Again.output).at("/violations/0/keyword").asString())
                .isEqualTo("additionalProperties");

        inlet.registerSchema(type, fixture("page.viewed.v2.json"));
        Run dryRun = cli("replay", "--event-type", type, "--target-version", "2", "--dry-run");
        assertThat(dryRun.code).as(dryRun.errors).isZero();
        assertThat(dryRun.output).contains("10 selected error events").contains("would pass now: 10")
                .contains("still fail:     0");

        Run replay = cli("replay", "--event-type", type, "--target-version", "2", "--poll-interval", "200ms");
        assertThat(replay.code).as(replay.output + replay.errors).isZero();
        assertThat(replay.output).contains("100%").contains("sent 10/10").contains("done");
        await().atMost(LANDING).pollInterval(Duration.ofSeconds(1))
                .until(() -> lake.rows(stack.lakeBucket, type, "_inlet_event_id", "").size() == 10);
        assertThat(lake.rows(stack.lakeBucket, type, "_inlet_event_id, _inlet_schema_version, device", ""))
                .allSatisfy(row -> {
                    assertThat(row.get("_inlet_schema_version")).isEqualTo("2");
                    assertThat(row.get("device")).isEqualTo("mobile");
                })
                .extracting(row -> row.get("_inlet_event_id")).containsExactlyInAnyOrderElementsOf(ids);

        double duplicatesBefore = lakeDuplicates();
        Run again = cli("replay", "--event-type", type, "--target-version", "2", "--poll-interval", "200ms");
        assertThat(again.code).as(again.output + again.errors).isZero();
        assertThat(again.output).contains("sent 10/10");
        // The lake saw all ten again and dropped them as events it holds (same replay origins): no row added.
        await().atMost(LANDING).pollInterval(Duration.ofSeconds(1)).until(() -> lakeDuplicates()
                >= duplicatesBefore + 10 || lake.rows(stack.lakeBucket, type, "_inlet_event_id", "").size() > 10);
        assertThat(lake.rows(stack.lakeBucket, type, "_inlet_event_id", "")).hasSize(10);
        assertThat(lake.rows(stack.errorBucket, type, "_inlet_event_id", "")).as("nothing failed again").hasSize(10);

        for (String id : ids) {
            Run lineage = cli("lineage", type, id, "--json");
            assertThat(lineage.code).as(lineage.errors).isZero();
            JsonNode found = InletClient.JSON.readTree(lineage.output);
            assertThat(found.get("status").asString()).as(id).isEqualTo("data-lake");
            assertThat(found.get("data")).hasSize(1);
            assertThat(found.at("/data/0/schemaVersion").asInt()).isEqualTo(2);
            assertThat(found.get("errors")).hasSize(1);
            assertThat(found.at("/errors/0/violations/0/keyword").asString()).isEqualTo("additionalProperties");
            assertThat(found.get("replays")).hasSize(2);
        }
        Run request = cli("lineage", "--request", accepted.requestId(), "--json");
        assertThat(request.code).as(request.errors).isZero();
        JsonNode events = InletClient.JSON.readTree(request.output).get("events");
        assertThat(events).hasSize(10);
        assertThat(events).allSatisfy(e -> assertThat(e.get("status").asString()).isEqualTo("data-lake"));
        Run human = cli("lineage", type, ids.get(0));
        assertThat(human.output).contains("data lake   " + type).contains("error lake  schema").contains("replayed by");
    }

    @Test
    void eventsAFilterStepRemovedAreTracedToTheStepByIdAndByRequest() throws IOException {
        String type = UniqueNames.lowerToken("e2e_filter") + ".page.viewed";
        inlet.registerSchema(type, fixture("page.viewed.v2.json"));
        assertThat(inlet.putPipeline(type, "{\"steps\":[{\"type\":\"drop\",\"path\":\"/session_id\"},"
                + "{\"type\":\"filter\",\"expression\":\"device == 'mobile'\"}]}")).isEqualTo(1);
        String ndjson = IntStream.range(0, 6).mapToObj(i -> "{\"user_id\":\"u-" + i
                        + "\",\"url\":\"https://shop.example.com/" + i + "\",\"viewed_at\":\"2026-12-01T10:00:0" + i
                        + "Z\",\"device\":\"" + (i % 2 == 0 ? "mobile" : "desktop") + "\"}")
                .collect(Collectors.joining("\n", "", "\n"));
        InletClient.Accepted accepted = inlet.accept(type, ndjson);
        List<String> ids = accepted.ids();
        assertThat(ids).hasSize(6);
        List<Map<String, Object>> filtered = lake.awaitRows(stack.errorBucket, type + "@filtered",
                "_inlet_event_id, step, step_kind, description, pipeline_revision", "order by _inlet_event_id", 3,
                LANDING);
        assertThat(filtered).extracting(r -> r.get("_inlet_event_id")).containsExactlyInAnyOrder(ids.get(1),
                ids.get(3), ids.get(5));
        assertThat(filtered).allSatisfy(r -> assertThat(r).containsEntry("step", "1").containsEntry("step_kind",
                "filter").containsEntry("description", "device == 'mobile'").containsEntry("pipeline_revision", "1"));
        lake.awaitRows(stack.lakeBucket, type, "_inlet_event_id", "", 3, LANDING);

        for (int i = 0; i < ids.size(); i++) {
            Run lineage = cli("lineage", type, ids.get(i), "--json");
            assertThat(lineage.code).as(lineage.errors).isZero();
            JsonNode found = InletClient.JSON.readTree(lineage.output);
            if (i % 2 == 0) {
                assertThat(found.get("status").asString()).as(ids.get(i)).isEqualTo("data-lake");
                assertThat(found.get("filtered")).isEmpty();
            } else {
                assertThat(found.get("status").asString()).as(ids.get(i)).isEqualTo("filtered");
                assertThat(found.get("data")).isEmpty();
                assertThat(found.at("/filtered/0/summary").asString())
                        .isEqualTo("step 1 filter: device == 'mobile' (pipeline revision 1)");
                assertThat(found.at("/filtered/0/table").asString()).isEqualTo(type + "@filtered");
            }
        }
        Run request = cli("lineage", "--request", accepted.requestId(), "--json");
        assertThat(request.code).as(request.errors).isZero();
        Map<String, String> statuses = new java.util.HashMap<>();
        InletClient.JSON.readTree(request.output).get("events").forEach(e -> statuses.put(e.get("eventId")
                .asString(), e.get("status").asString()));
        assertThat(statuses).hasSize(6);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(statuses.get(ids.get(i))).as(ids.get(i)).isEqualTo(i % 2 == 0 ? "data-lake" : "filtered");
        }
        Run human = cli("lineage", type, ids.get(1));
        assertThat(human.output).contains(": filtered").contains("  filtered    step 1 filter: device == 'mobile'");
    }

    @Test
    void aFailedCloudEventIsReplayedWithItsRequestIdApiKeyAndAttributes() throws Exception {
        String type = UniqueNames.lowerToken("e2e_ce") + ".page.viewed";
        inlet.registerSchema(type, fixture("page.viewed.v1.json"));
        String cloudEvent = "{\"specversion\":\"1.0\",\"id\":\"ce-replayed-1\",\"source\":\"/shop/eu\",\"type\":\""
                + type + "\",\"subject\":\"Grüße 42\",\"time\":\"2026-12-01T10:00:00Z\",\"data\":{\"user_id\":\"u-1\","
                + "\"url\":\"https://shop.example.com/1\",\"viewed_at\":\"2026-12-01T10:00:00Z\",\"device\":\"mobile\"}}";
        InletClient.Accepted accepted = inlet.acceptCloudEvent(type, cloudEvent);
        assertThat(accepted.ids()).containsExactly("ce-replayed-1");
        Map<String, String> attributes = Map.of("specversion", "1.0", "id", "ce-replayed-1", "source", "/shop/eu",
                "type", type, "subject", "Grüße 42", "time", "2026-12-01T10:00:00Z");
        List<Map<String, Object>> errors = lake.awaitRows(stack.errorBucket, type,
                "_inlet_event_id, request_id, api_key_id, attributes", "", 1, LANDING);
        assertThat(errors.get(0).get("request_id")).isEqualTo(accepted.requestId());
        assertThat(errors.get(0).get("api_key_id")).as("the error lake keeps the API key id").isNotNull();
        assertThat(InletClient.JSON.readTree(String.valueOf(errors.get(0).get("attributes"))).get("subject")
                .asString()).isEqualTo("Grüße 42");

        inlet.registerSchema(type, fixture("page.viewed.v2.json"));
        Run replay = cli("replay", "--event-type", type, "--target-version", "2", "--poll-interval", "200ms");
        assertThat(replay.code).as(replay.output + replay.errors).isZero();
        lake.awaitRows(stack.lakeBucket, type, "_inlet_event_id", "", 1, LANDING);

        // The data lake's files keep no envelope columns (for no event); what the lake took is the valid frame.
        try (Connection nats = Nats.connect(stack.natsUrl);
             SubjectReader valid = new SubjectReader(nats, "INLET_VALID", "inlet.valid." + type)) {
            await().atMost(LANDING).until(() -> !valid.messages().isEmpty());
            FramedEvent landed = FrameCodec.decode(valid.messages().get(0).getData()).events().get(0);
            assertThat(landed.eventId()).isEqualTo("ce-replayed-1");
            assertThat(landed.requestId()).isEqualTo(accepted.requestId());
            assertThat(landed.apiKeyId()).isEqualTo(String.valueOf(errors.get(0).get("api_key_id")));
            assertThat(landed.attributes()).containsAllEntriesOf(attributes).containsKey(Replays.ATTRIBUTE);
            assertThat(landed.schemaVersion()).isEqualTo(2);
        }
        Run request = cli("lineage", "--request", accepted.requestId(), "--json");
        assertThat(request.code).as(request.errors).isZero();
        JsonNode events = InletClient.JSON.readTree(request.output).get("events");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.get("eventId").asString()).isEqualTo("ce-replayed-1");
            assertThat(e.get("status").asString()).isEqualTo("data-lake");
            assertThat(e.get("replays")).hasSize(1);
        });
    }

    @Test
    void theLakeRefusesTheCliWithoutAToken() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Inlet.run(new PrintWriter(out, true), new PrintWriter(err, true), "tables", "--lake-url",
                stack.url(InletService.LAKE), "--token", "");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("401");
    }

    private record Run(int code, String output, String errors) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(
                "--lake-url", stack.url(InletService.LAKE), "--token", stack.adminToken)).toArray(String[]::new);
        int code = Inlet.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code inlet.lake.events.duplicates}, summed over its tags, from the lake's Prometheus endpoint. */
    private static double lakeDuplicates() {
        try {
            String text = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url(InletService.LAKE)
                    + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(l -> l.startsWith("inlet_lake_events_duplicates"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String fixture(String name) {
        return E2eStack.fixture(name);
    }
}
