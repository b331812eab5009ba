package io.inlet.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.binder.FramePublisher;
import io.inlet.contracts.EventType;
import io.inlet.contracts.InletHeaders;
import io.inlet.contracts.Subjects;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.MessageIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every body form lands on {@code inlet.raw.<type>} as frames, one per event type of the request: each event with
 * its id, envelope, CloudEvents attributes and exact bytes, once.
 */
class IngestIT extends GatewayIntegrationTest {

    @Autowired
    MeterRegistry meters;

    private GatewayHttp client;

    @BeforeEach
    void key() {
        client = http().bearer(createKey("ingest-it", "it.>"));
    }

    private static String raw(String type) {
        return "inlet.raw." + type;
    }

    private static String header(MessageInfo message, String name) {
        Headers headers = message.getHeaders();
        return headers == null ? null : headers.getFirst(name);
    }

    private static String payload(FramedEvent event) {
        return new String(event.payload(), StandardCharsets.UTF_8);
    }

    private static EventFrame frame(MessageInfo message) {
        return FrameCodec.decode(message.getData());
    }

    @Test
    void singleJsonEventIsStoredWithItsIdAndEnvelopeBefore202() {
        String type = uniqueType("single");
        String event = "{\"id\":\"evt-1\",\"total\":12.5,\"note\":\"Grüße\"}";
        Instant before = Instant.now();
        GatewayHttp.Response response = client.header("X-Request-Id", "req-single-1")
                .header("Inlet-Schema-Version", "3")
                .post("/v1/events/" + type, "application/json", event);

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.header("X-Request-Id")).isEqualTo("req-single-1");
        JsonNode accepted = response.json();
        assertThat(ids(accepted)).containsExactly("evt-1");
        assertThat(accepted.get("accepted").asInt()).isEqualTo(1);
        assertThat(accepted.get("requestId").asString()).isEqualTo("req-single-1");

        // 202 came after the PubAck: the event is already in the stream, no waiting needed
        List<MessageInfo> stored = RAW.messages(raw(type));
        assertThat(stored).singleElement().satisfies(message -> {
            assertThat(message.getSubject()).isEqualTo(Subjects.RAW.prefix() + "." + type);
            // One small event: zstd would not make it smaller, so it goes out plain (format version 2).
            assertThat(header(message, InletHeaders.CONTENT_TYPE)).isEqualTo(FramePublisher.PLAIN_CONTENT_TYPE)
                    .isEqualTo(FramePublisher.contentTypeOf(message.getData()));
            assertThat(header(message, "inlet-event-id")).as("no per-event headers any more").isNull();
            EventFrame frame = frame(message);
            assertThat(frame.eventType()).isEqualTo(EventType.of(type));
            assertThat(frame.kind()).isEqualTo(EventFrame.Kind.EVENTS);
            assertThat(header(message, InletHeaders.NATS_MSG_ID))
                    .isEqualTo(MessageIds.of(MessageIds.gateway(type), frame.events()));
            assertThat(frame.events()).singleElement().satisfies(e -> {
                assertThat(e.eventId()).isEqualTo("evt-1");
                assertThat(e.payload()).isEqualTo(event.getBytes(StandardCharsets.UTF_8));
                assertThat(e.source()).isEqualTo("gateway");
                assertThat(e.requestId()).isEqualTo("req-single-1");
                assertThat(e.schemaVersion()).isEqualTo(3);
                assertThat(e.schemaId()).isNull();
                assertThat(e.apiKeyId()).hasSize(16);
                assertThat(e.receivedAt()).isBetween(before.minusSeconds(1), Instant.now());
                assertThat(e.attributes()).isEmpty();
                assertThat(e.origin()).as("the consumer-service sets it").isNull();
                assertThat(e.failure()).isNull();
            });
        });
    }

    @Test
    void jsonArrayBatchIsOneFrameInOrderAndGivesUuidV7ToEventsWithoutId() {
        String type = uniqueType("array");
        GatewayHttp.Response response = client.post("/v1/events/" + type, "application/json",
                "[{\"n\":1},{\"id\":\"b-2\",\"n\":2},{\"id\":77,\"n\":3}]");

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        List<String> ids = ids(response.json());
        assertThat(ids).hasSize(3);
        assertThat(UUID.fromString(ids.get(0)).version()).isEqualTo(7);
        assertThat(ids.subList(1, 3)).containsExactly("b-2", "77");
        List<MessageInfo> stored = RAW.messages(raw(type));
        assertThat(stored).hasSize(1);
        List<FramedEvent> events = frame(stored.get(0)).events();
        assertThat(events).extracting(IngestIT::payload).containsExactly("{\"n\":1}", "{\"id\":\"b-2\",\"n\":2}",
                "{\"id\":77,\"n\":3}");
        assertThat(events).extracting(FramedEvent::eventId).containsExactlyElementsOf(ids);
        assertThat(events).extracting(FramedEvent::requestId).containsOnly(response.header("X-Request-Id"));
        assertThat(events).extracting(FramedEvent::receivedAt).containsOnly(events.get(0).receivedAt());
        assertThat(header(stored.get(0), InletHeaders.NATS_MSG_ID)).isEqualTo(MessageIds.of(MessageIds.gateway(type),
                events));
    }

    @Test
    void ndjsonBatchLandsLineByLine() {
        String type = uniqueType("ndjson");
        GatewayHttp.Response response = client.post("/v1/events/" + type, "application/x-ndjson",
                "{\"id\":\"n-1\",\"a\":1}\n\n{\"id\":\"n-2\",\"a\":2}\r\n{\"id\":\"n-3\",\"a\":3}\n");

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(ids(response.json())).containsExactly("n-1", "n-2", "n-3");
        assertThat(RAW.messages(raw(type))).hasSize(1);
        assertThat(RAW.events(raw(type))).extracting(IngestIT::payload)
                .containsExactly("{\"id\":\"n-1\",\"a\":1}", "{\"id\":\"n-2\",\"a\":2}", "{\"id\":\"n-3\",\"a\":3}");
    }

    @Test
    void hundredEventsAreOneMessageAndTheirRetryIsRecognizedWithoutStoringAnything() {
        String type = uniqueType("hundred");
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            batch.append("{\"id\":\"h-").append(i).append("\",\"n\":").append(i).append("}\n");
        }
        GatewayHttp.Response first = client.post("/v1/events/" + type, "application/x-ndjson", batch.toString());
        List<MessageInfo> stored = RAW.messages(raw(type));

        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(first.json().get("accepted").asInt()).isEqualTo(100);
        assertThat(first.json().get("duplicates").asInt()).isZero();
        assertThat(stored).hasSize(1);
        assertThat(frame(stored.get(0)).events()).hasSize(100).extracting(FramedEvent::eventId)
                .containsExactlyElementsOf(ids(first.json()));
        assertThat(header(stored.get(0), InletHeaders.CONTENT_TYPE)).as("compressed: the binder's default")
                .isEqualTo(FramePublisher.CONTENT_TYPE);
        assertThat(stored.get(0).getData().length).isLessThan(FrameCodec.encode(frame(stored.get(0))).length / 2);

        GatewayHttp.Response retry = client.post("/v1/events/" + type, "application/x-ndjson", batch.toString());

        assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
        assertThat(retry.json().get("duplicates").asInt()).isEqualTo(100);
        assertThat(ids(retry.json())).isEqualTo(ids(first.json()));
        assertThat(RAW.messages(raw(type))).as("JetStream stored nothing new").extracting(MessageInfo::getSeq)
                .containsExactly(stored.get(0).getSeq());
    }

    @Test
    void structuredCloudEventWithoutPathTypeUsesItsTypeAndCarriesItsAttributes() {
        String type = uniqueType("ce");
        String cloudEvent = "{\"specversion\":\"1.0\",\"id\":\"ce-1\",\"source\":\"/shop/eu\",\"type\":\"" + type
                + "\",\"time\":\"2026-03-01T10:00:00Z\",\"datacontenttype\":\"application/json\","
                + "\"subject\":\"Grüße 42\",\"data\":{\"sku\":\"A-1\",\"qty\":2}}";
        GatewayHttp.Response response = client.post("/v1/events", "application/cloudevents+json", cloudEvent);

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(ids(response.json())).containsExactly("ce-1");
        assertThat(RAW.events(raw(type))).singleElement().satisfies(event -> {
            assertThat(payload(event)).isEqualTo("{\"sku\":\"A-1\",\"qty\":2}");
            assertThat(event.eventId()).isEqualTo("ce-1");
            assertThat(event.attributes()).isEqualTo(Map.of("specversion", "1.0", "id", "ce-1", "source", "/shop/eu",
                    "type", type, "time", "2026-03-01T10:00:00Z", "datacontenttype", "application/json",
                    "subject", "Grüße 42"));
        });
    }

    @Test
    void cloudEventsBatchSpanningTwoTypesIsTwoFrames() {
        String first = uniqueType("cebatch_a");
        String second = uniqueType("cebatch_b");
        String batch = "[" + cloudEvent("cb-1", first, "{\"a\":1}") + "," + cloudEvent("cb-2", second, "{\"b\":2}")
                + "," + cloudEvent("cb-3", first, "{\"a\":3}") + "]";
        GatewayHttp.Response response = client.post("/v1/events", "application/cloudevents-batch+json", batch);

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(ids(response.json())).containsExactly("cb-1", "cb-2", "cb-3");
        assertThat(RAW.frames(raw(first))).singleElement().satisfies(frame -> {
            assertThat(frame.eventType()).isEqualTo(EventType.of(first));
            assertThat(frame.events()).extracting(IngestIT::payload).containsExactly("{\"a\":1}", "{\"a\":3}");
            assertThat(frame.events()).extracting(FramedEvent::eventId).containsExactly("cb-1", "cb-3");
        });
        assertThat(RAW.frames(raw(second))).singleElement().satisfies(frame -> {
            assertThat(frame.eventType()).isEqualTo(EventType.of(second));
            assertThat(frame.events()).extracting(IngestIT::payload).containsExactly("{\"b\":2}");
        });

        GatewayHttp.Response retry = client.post("/v1/events", "application/cloudevents-batch+json", batch);
        assertThat(retry.json().get("duplicates").asInt()).isEqualTo(3);
        assertThat(RAW.messages(raw(first))).hasSize(1);
        assertThat(RAW.messages(raw(second))).hasSize(1);
    }

    @Test
    void pathTypeWinsOverTheCloudEventType() {
        String type = uniqueType("cepath");
        GatewayHttp.Response response = client.post("/v1/events/" + type, "application/cloudevents+json",
                cloudEvent("cp-1", "com.github.push", "{\"ref\":\"main\"}"));

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(RAW.frames(raw(type))).singleElement().satisfies(frame -> {
            assertThat(frame.eventType()).isEqualTo(EventType.of(type));
            assertThat(frame.events().get(0).attributes()).containsEntry("type", "com.github.push");
        });
    }

    @Test
    void binaryCloudEventTakesItsAttributesFromHeadersPercentDecoded() {
        String type = uniqueType("cebinary");
        GatewayHttp.Response response = client.header("ce-specversion", "1.0").header("ce-id", "bin-1")
                .header("ce-source", "urn:shop").header("ce-type", type).header("ce-subject", "order%2042")
                .post("/v1/events", "application/json", "{\"total\":5}");

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(ids(response.json())).containsExactly("bin-1");
        assertThat(RAW.events(raw(type))).singleElement().satisfies(event -> {
            assertThat(payload(event)).isEqualTo("{\"total\":5}");
            assertThat(event.eventId()).isEqualTo("bin-1");
            assertThat(event.attributes()).isEqualTo(Map.of("specversion", "1.0", "id", "bin-1", "source", "urn:shop",
                    "type", type, "subject", "order 42"));
        });
    }

    @Test
    void idempotencyKeyIsTheIdOfASingleEventAndTheBaseOfBatchIds() {
        String type = uniqueType("idem");
        GatewayHttp.Response single = client.header("Idempotency-Key", "idem-9")
                .post("/v1/events/" + type, "application/json", "{\"a\":1}");
        GatewayHttp.Response batch = client.header("Idempotency-Key", "idem-10")
                .post("/v1/events/" + type, "application/json", "[{\"a\":1},{\"id\":\"own\"},{\"a\":3}]");
        GatewayHttp.Response retried = client.header("Idempotency-Key", "idem-10")
                .post("/v1/events/" + type, "application/json", "[{\"a\":1},{\"id\":\"own\"},{\"a\":3}]");

        assertThat(ids(single.json())).containsExactly("idem-9");
        assertThat(ids(batch.json())).containsExactly("idem-10-0", "own", "idem-10-2");
        assertThat(retried.json().get("duplicates").asInt()).isEqualTo(3);
        assertThat(RAW.eventIds(raw(type))).containsExactly("idem-9", "idem-10-0", "own", "idem-10-2");
    }

    @Test
    void aRetryOfTheSameRequestIsStoredOnceAndOtherEventsMakeANewFrame() {
        String type = uniqueType("dedup");
        String event = "{\"id\":\"dup-1\",\"a\":1}";
        GatewayHttp.Response first = client.post("/v1/events/" + type, "application/json", event);
        GatewayHttp.Response retry = client.post("/v1/events/" + type, "application/json", event);
        GatewayHttp.Response otherBatch = client.post("/v1/events/" + type, "application/x-ndjson",
                event + "\n{\"id\":\"dup-2\"}\n");

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().get("duplicates").asInt()).isZero();
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().get("duplicates").asInt()).isEqualTo(1);
        // JetStream recognizes frames, not events: a request with other events is another frame (README, 202)
        assertThat(otherBatch.json().get("duplicates").asInt()).isZero();
        assertThat(RAW.frames(raw(type))).extracting(f -> f.events().stream().map(FramedEvent::eventId).toList())
                .containsExactly(List.of("dup-1"), List.of("dup-1", "dup-2"));
    }

    @Test
    void theSameIdInTwoEventTypesIsTwoEvents() {
        String first = uniqueType("sameid_a");
        String second = uniqueType("sameid_b");
        GatewayHttp.Response a = client.post("/v1/events/" + first, "application/json", "{\"id\":\"shared-1\"}");
        GatewayHttp.Response b = client.post("/v1/events/" + second, "application/json", "{\"id\":\"shared-1\"}");

        assertThat(a.json().get("duplicates").asInt()).isZero();
        assertThat(b.json().get("duplicates").asInt()).isZero();
        assertThat(RAW.messages(raw(first))).hasSize(1);
        assertThat(RAW.messages(raw(second))).hasSize(1);
    }

    @Test
    void gzipBodiesAreAccepted() throws IOException {
        String type = uniqueType("gzip");
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write("[{\"id\":\"g-1\"},{\"id\":\"g-2\"}]".getBytes(StandardCharsets.UTF_8));
        }
        GatewayHttp.Response response = client.header("Content-Encoding", "gzip")
                .send("POST", "/v1/events/" + type, "application/json", compressed.toByteArray());

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(RAW.events(raw(type))).extracting(IngestIT::payload).containsExactly("{\"id\":\"g-1\"}",
                "{\"id\":\"g-2\"}");
    }

    @Test
    void metricsCountEventsBytesRejectsAndPublishLatency() {
        String type = uniqueType("metrics");
        double eventsBefore = count("inlet.gateway.events", "format", "ndjson");
        double rejectsBefore = count("inlet.gateway.rejects", "reason", "malformed-json");
        double framesBefore = meters.get("inlet.gateway.frames").counter().count();

        client.post("/v1/events/" + type, "application/x-ndjson", "{\"a\":1}\n{\"a\":2}\n");
        client.post("/v1/events/" + type, "application/json", "{\"a\" 1}");

        assertThat(count("inlet.gateway.events", "format", "ndjson")).isEqualTo(eventsBefore + 2);
        assertThat(count("inlet.gateway.rejects", "reason", "malformed-json")).isEqualTo(rejectsBefore + 1);
        assertThat(meters.get("inlet.gateway.frames").counter().count()).isEqualTo(framesBefore + 1);
        assertThat(meters.get("inlet.gateway.received.bytes").counter().count()).isPositive();
        assertThat(meters.get("inlet.gateway.publish").timer().count()).isPositive();
        assertThat(meters.get("inlet.gateway.publish").timer().totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                .isPositive();
        assertThat(meters.get("inlet.gateway.events.in.flight").gauge().value()).isZero();

        String scrape = io.inlet.testsupport.PrometheusScrapes.scrapeAndSave("http://127.0.0.1:" + port,
                "gateway-service");
        assertThat(scrape).as("latency buckets of the 202s").containsPattern(
                "(?m)^http_server_requests_seconds_bucket\\{.*status=\"202\".*uri=\"/v1/events/\\{eventType}\"");
        assertThat(scrape).containsPattern("(?m)^inlet_gateway_events_total\\{format=\"ndjson\"} [1-9]");
    }

    @Test
    void openApiDescribesTheIngestionAndAdminEndpoints() {
        GatewayHttp.Response response = http().get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        JsonNode paths = response.json().get("paths");
        assertThat(paths.has("/v1/events/{eventType}")).isTrue();
        assertThat(paths.has("/v1/events")).isTrue();
        assertThat(paths.has("/v1/admin/api-keys")).isTrue();
        assertThat(paths.get("/v1/events/{eventType}").get("post").get("requestBody").get("content").has(
                "application/x-ndjson")).isTrue();
    }

    private double count(String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    static String cloudEvent(String id, String type, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/it\",\"type\":\"" + type
                + "\",\"data\":" + data + "}";
    }
}
