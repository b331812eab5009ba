package io.inlet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.testsupport.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The five services together, as a user sees them: schemas registered over REST, events sent to the gateway or
 * straight to NATS, rows read back from the lakes' Parquet with DuckDB. One stack for all tests; each test uses
 * an event type of its own.
 */
class InletEndToEndIT extends E2eTest {

    private static final Duration LANDING = Duration.ofSeconds(120);

    @Test
    void registeredSchemaThenEventsThroughTheGatewayLandAsParquetRows() {
        String type = uniqueType("viewed");
        inlet.registerSchema(type, fixture("page.viewed.v1.json"));
        List<String> ids = inlet.send(type, """
                {"user_id":"u-1","url":"https://shop.example.com/","viewed_at":"2026-11-24T09:15:02.123Z","duration_ms":5300}
                {"user_id":"u-2","url":"https://shop.example.com/p/42","viewed_at":"2026-11-24T09:15:03Z","referrer":null}
                {"user_id":"u-3","session_id":"s-9","url":"https://shop.example.com/cart","viewed_at":"2026-11-24T09:16:40.5+01:00","duration_ms":0}
                """);
        assertThat(ids).hasSize(3).doesNotHaveDuplicates();

        List<Map<String, Object>> rows = awaitRows(stack.lakeBucket, type,
                "_inlet_event_id, _inlet_schema_version, user_id, url, duration_ms, epoch_ms(viewed_at) as viewed_ms",
                "order by user_id", 3);
        assertThat(rows).extracting(r -> r.get("_inlet_event_id")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(rows).extracting(r -> r.get("user_id")).containsExactly("u-1", "u-2", "u-3");
        assertThat(rows).extracting(r -> r.get("duration_ms")).containsExactly("5300", null, "0");
        assertThat(rows).extracting(r -> r.get("_inlet_schema_version")).containsOnly("1");
        // Typed, not text: the date-time is a timestamp (UTC) in the file.
        assertThat(rows.get(2).get("viewed_ms"))
                .isEqualTo(String.valueOf(java.time.Instant.parse("2026-11-24T08:16:40.500Z").toEpochMilli()));
        assertThat(lake.rows(stack.errorBucket, type, "*", "")).isEmpty();
    }

    @Test
    void invalidEventsLandInTheErrorLakeWithTheirViolations() {
        String type = uniqueType("invalid");
        // The fixture's expected violations are those of the latest version, v2.
        inlet.registerSchema(type, fixture("page.viewed.v2.json"));
        List<String> invalid = fixture("page.viewed.invalid.ndjson").lines().filter(l -> !l.isBlank()).toList();
        List<String> expected = fixture("page.viewed.invalid.expected.ndjson").lines().filter(l -> !l.isBlank())
                .toList();
        List<String> ids = inlet.send(type, String.join("\n", invalid) + "\n");
        assertThat(ids).hasSize(invalid.size());

        List<Map<String, Object>> rows = awaitRows(stack.errorBucket, type,
                "_inlet_event_id, stage, reason, payload, to_json(violations) as violations", "", invalid.size());
        assertThat(lake.rows(stack.lakeBucket, type, "*", "")).as("nothing invalid in the data lake")
                .isEmpty();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Map<String, Object> row = rows.stream().filter(r -> id.equals(r.get("_inlet_event_id"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no error row for event " + id));
            assertThat(row.get("stage")).isEqualTo("schema");
            assertThat((String) row.get("reason")).isNotBlank();
            assertThat(InletClient.JSON.readTree((String) row.get("payload")))
                    .isEqualTo(InletClient.JSON.readTree(invalid.get(i)));
            assertThat(violations((String) row.get("violations"))).as("violations of line %d", i + 1)
                    .containsAll(violations(expected.get(i)));
        }
    }

    @Test
    void backwardCompatibleV2AddsAColumnThatOlderRowsReadAsNull() {
        String type = uniqueType("evolving");
        inlet.registerSchema(type, fixture("page.viewed.v1.json"));
        List<String> v1 = inlet.send(type, """
                {"user_id":"old-1","url":"https://shop.example.com/","viewed_at":"2026-11-24T09:15:02Z"}
                {"user_id":"old-2","url":"https://shop.example.com/a","viewed_at":"2026-11-24T09:15:03Z"}
                """);
        awaitRows(stack.lakeBucket, type, "user_id", "", 2);

        inlet.registerSchema(type, fixture("page.viewed.v2.json"));
        // Pinned: the pipeline serves "latest" from its registry cache (refreshed after a minute), so a producer
        // that starts sending v2 events right after registering v2 names the version.
        List<String> v2 = inlet.send(type, """
                {"user_id":"new-1","url":"https://shop.example.com/","viewed_at":"2026-11-24T10:00:00Z","device":"mobile"}
                {"user_id":"new-2","url":"https://shop.example.com/b","viewed_at":"2026-11-24T10:00:01Z","device":"tablet"}
                """, Map.of("Inlet-Schema-Version", "2"));

        // Until a v2 file is published the table has no device column yet: wait for the rows, then read them.
        awaitRows(stack.lakeBucket, type, "_inlet_event_id", "", 4);
        List<Map<String, Object>> rows = lake.rows(stack.lakeBucket, type,
                "_inlet_event_id, _inlet_schema_version, user_id, device", "order by user_id");
        assertThat(rows).extracting(r -> r.get("user_id")).containsExactly("new-1", "new-2", "old-1", "old-2");
        assertThat(rows).extracting(r -> r.get("device")).containsExactly("mobile", "tablet", null, null);
        assertThat(rows).extracting(r -> r.get("_inlet_schema_version")).containsExactly("2", "2", "1", "1");
        assertThat(rows).extracting(r -> r.get("_inlet_event_id")).containsExactlyInAnyOrderElementsOf(
                concat(v1, v2));
        assertThat(lake.rows(stack.errorBucket, type, "*", "")).isEmpty();
    }

    @Test
    void eventsPublishedStraightToNatsLandToo() throws Exception {
        String type = uniqueType("direct");
        inlet.registerSchema(type, fixture("page.viewed.v1.json"));
        String eventId = UniqueNames.lowerToken("direct");
        try (Connection nats = Nats.connect(stack.natsUrl)) {
            JetStream jetStream = nats.jetStream();
            Headers headers = new Headers().add("inlet-event-id", eventId).add("Nats-Msg-Id", eventId);
            PublishAck ack = jetStream.publish("inlet.raw." + type, headers,
                    "{\"user_id\":\"u-nats\",\"url\":\"https://shop.example.com/n\",\"viewed_at\":\"2026-11-24T11:00:00Z\"}"
                            .getBytes(StandardCharsets.UTF_8));
            assertThat(ack.getStream()).isEqualTo("INLET_RAW");
        }
        List<Map<String, Object>> rows = awaitRows(stack.lakeBucket, type, "_inlet_event_id, user_id", "", 1);
        assertThat(rows.get(0)).containsEntry("_inlet_event_id", eventId).containsEntry("user_id", "u-nats");
    }

    @Test
    void oneRequestIsOneTraceWithASpanPerStageFromTheGatewayToTheLakeCommit() {
        String type = uniqueType("traced");
        inlet.registerSchema(type, fixture("page.viewed.v1.json"));
        InletClient.Accepted accepted = inlet.accept(type, """
                {"user_id":"u-1","url":"https://shop.example.com/","viewed_at":"2026-11-24T09:15:02Z"}
                {"user_id":"u-2","url":"https://shop.example.com/a","viewed_at":"2026-11-24T09:15:03Z"}
                {"user_id":"u-3","url":"https://shop.example.com/b","viewed_at":"2026-11-24T09:15:04Z"}
                """);
        awaitRows(stack.lakeBucket, type, "_inlet_event_id", "", 3);

        String commitName = "commit data " + type;
        await().atMost(LANDING).until(() -> stack.traces.spans().stream().anyMatch(s -> s.name().equals(commitName)));
        List<OtlpTraceCollector.ReceivedSpan> spans = stack.traces.spans();
        OtlpTraceCollector.ReceivedSpan request = spans.stream()
                .filter(s -> s.kind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER
                        && accepted.requestId().equals(s.attributes().get("inlet.request_id")))
                .findFirst().orElseThrow(() -> new AssertionError("no gateway request span with request id "
                        + accepted.requestId() + " among " + spans.size() + " spans"));
        assertThat(request.service()).isEqualTo("gateway-service");
        String trace = request.traceId();
        List<OtlpTraceCollector.ReceivedSpan> ofTrace = spans.stream().filter(s -> s.traceId().equals(trace)).toList();

        // gateway request -> publish raw -> consumer -> publish events -> pipeline -> publish valid -> lake -> commit
        OtlpTraceCollector.ReceivedSpan parent = request;
        String[][] chain = {
                {"gateway-service", "publish inlet.raw." + type},
                {"consumer-service", "process inlet.raw." + type},
                {"consumer-service", "publish inlet.events." + type},
                {"pipeline-service", "process inlet.events." + type},
                {"pipeline-service", "publish inlet.valid." + type},
                {"lake-service", "process inlet.valid." + type},
                {"lake-service", commitName}};
        for (String[] step : chain) {
            OtlpTraceCollector.ReceivedSpan expectedParent = parent;
            List<OtlpTraceCollector.ReceivedSpan> children = ofTrace.stream()
                    .filter(s -> s.name().equals(step[1]) && expectedParent.spanId().equals(s.parentSpanId()))
                    .toList();
            assertThat(children).as("span '%s' as a child of '%s' in trace %s (all its spans: %s)", step[1],
                    parent.name(), trace, ofTrace.stream().map(s -> s.service() + ":" + s.name()).toList())
                    .hasSize(1);
            assertThat(children.get(0).service()).isEqualTo(step[0]);
            parent = children.get(0);
        }
        OtlpTraceCollector.ReceivedSpan publishRaw = ofTrace.stream()
                .filter(s -> s.name().equals("publish inlet.raw." + type)).findFirst().orElseThrow();
        assertThat(publishRaw.attributes()).containsEntry("inlet.event_type", type)
                .containsEntry("inlet.event_count", "3").containsEntry("inlet.request_id", accepted.requestId());
        OtlpTraceCollector.ReceivedSpan publishValid = ofTrace.stream()
                .filter(s -> s.name().equals("publish inlet.valid." + type)).findFirst().orElseThrow();
        assertThat(publishValid.attributes()).containsEntry("inlet.event_count", "3")
                .containsEntry("inlet.request_id", accepted.requestId());
        assertThat(parent.attributes()).containsEntry("inlet.event_count", "3");
    }

    private static List<Map<String, Object>> awaitRows(String bucket, String table, String select, String tail,
                                                       int count) {
        return lake.awaitRows(bucket, table, select, tail, count, LANDING);
    }

    /** {@code pointer keyword} pairs from a list of {pointer|instanceLocation, keyword} objects. */
    private static Set<String> violations(String json) {
        Set<String> out = new TreeSet<>();
        for (JsonNode violation : InletClient.JSON.readTree(json)) {
            JsonNode pointer = violation.has("pointer") ? violation.get("pointer") : violation.get("instanceLocation");
            out.add(pointer.asString() + " " + violation.get("keyword").asString());
        }
        return out;
    }

    private static String uniqueType(String hint) {
        return UniqueNames.lowerToken("e2e_" + hint) + ".page.viewed";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toList());
    }

    private static String fixture(String name) {
        return E2eStack.fixture(name);
    }
}
