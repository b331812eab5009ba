package io.inlet.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.InletHeaders;
import io.inlet.contracts.Subjects;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Every body form lands on {@code inlet.raw.<type>} with its id and metadata headers, once. */
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

    private static String body(MessageInfo message) {
        return new String(message.getData(), StandardCharsets.UTF_8);
    }

    @Test
    void singleJsonEventIsStoredWithItsIdAndEnvelopeMetadataBefore202() {
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
            assertThat(body(message)).isEqualTo(event);
            assertThat(header(message, InletHeaders.NATS_MSG_ID)).isEqualTo(type + ":evt-1");
            assertThat(header(message, InletHeaders.EVENT_ID)).isEqualTo("evt-1");
            assertThat(header(message, InletHeaders.EVENT_TYPE)).isEqualTo(type);
            assertThat(header(message, InletHeaders.SOURCE)).isEqualTo("gateway");
            assertThat(header(message, InletHeaders.REQUEST_ID)).isEqualTo("req-single-1");
            assertThat(header(message, InletHeaders.SCHEMA_VERSION)).isEqualTo("3");
            assertThat(header(message, InletHeaders.API_KEY_ID)).hasSize(16);
            assertThat(Instant.parse(header(message, InletHeaders.RECEIVED_AT))).isBetween(before.minusSeconds(1),
                    Instant.now());
        });
    }

    @Test
    void jsonArrayBatchKeepsOrderAndGivesUuidV7ToEventsWithoutId() {
        String type = uniqueType("array");
        GatewayHttp.Response response = client.post("/v1/events/" + type, "application/json",
                "[{\"n\":1},{\"id\":\"b-2\",\"n\":2},{\"id\":77,\"n\":3}]");

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        List<String> ids = ids(response.json());
        assertThat(ids).hasSize(3);
        assertThat(UUID.fromString(ids.get(0)).version()).isEqualTo(7);
        assertThat(ids.subList(1, 3)).containsExactly("b-2", "77");
        List<MessageInfo> stored = RAW.messages(raw(type));
        assertThat(stored).extracting(IngestIT::body).containsExactly("{\"n\":1}", "{\"id\":\"b-2\",\"n\":2}",
                "{\"id\":77,\"n\":3}");
        assertThat(stored).extracting(m -> header(m, InletHeaders.EVENT_ID)).containsExactlyElementsOf(ids);
        assertThat(stored).extracting(m -> header(m, InletHeaders.NATS_MSG_ID))
                .containsExactlyElementsOf(ids.stream().map(id -> type + ":" + id).toList());
        assertThat(stored).extracting(m -> header(m, InletHeaders.REQUEST_ID)).containsOnly(response.header("X-Request-Id"));
    }

    @Test
    void ndjsonBatchLandsLineByLine() {
        String type = uniqueType("ndjson");
        GatewayHttp.Response response = client.post("/v1/events/" + type, "application/x-ndjson",
                "{\"id\":\"n-1\",\"a\":1}\n\n{\"id\":\"n-2\",\"a\":2}\r\n{\"id\":\"n-3\",\"a\":3}\n");

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(ids(response.json())).containsExactly("n-1", "n-2", "n-3");
        assertThat(RAW.messages(raw(type))).extracting(IngestIT::body)
                .containsExactly("{\"id\":\"n-1\",\"a\":1}", "{\"id\":\"n-2\",\"a\":2}", "{\"id\":\"n-3\",\"a\":3}");
    }

    @Test
    void structuredCloudEventWithoutPathTypeUsesItsTypeAndCarriesAttributesAsHeaders() {
        String type = uniqueType("ce");
        String cloudEvent = "{\"specversion\":\"1.0\",\"id\":\"ce-1\",\"source\":\"/shop/eu\",\"type\":\"" + type
                + "\",\"time\":\"2026-03-01T10:00:00Z\",\"datacontenttype\":\"application/json\","
                + "\"data\":{\"sku\":\"A-1\",\"qty\":2}}";
        GatewayHttp.Response response = client.post("/v1/events", "application/cloudevents+json", cloudEvent);

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(ids(response.json())).containsExactly("ce-1");
        assertThat(RAW.messages(raw(type))).singleElement().satisfies(message -> {
            assertThat(body(message)).isEqualTo("{\"sku\":\"A-1\",\"qty\":2}");
            assertThat(header(message, InletHeaders.NATS_MSG_ID)).isEqualTo(type + ":ce-1");
            assertThat(header(message, "ce-source")).isEqualTo("/shop/eu");
            assertThat(header(message, "ce-type")).isEqualTo(type);
            assertThat(header(message, "ce-time")).isEqualTo("2026-03-01T10:00:00Z");
            assertThat(header(message, "ce-specversion")).isEqualTo("1.0");
        });
    }

    @Test
    void cloudEventsBatchMayMixTypes() {
        String first = uniqueType("cebatch_a");
        String second = uniqueType("cebatch_b");
        String batch = "[" + cloudEvent("cb-1", first, "{\"a\":1}") + "," + cloudEvent("cb-2", second, "{\"b\":2}")
                + "," + cloudEvent("cb-3", first, "{\"a\":3}") + "]";
        GatewayHttp.Response response = client.post("/v1/events", "application/cloudevents-batch+json", batch);

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(ids(response.json())).containsExactly("cb-1", "cb-2", "cb-3");
        assertThat(RAW.messages(raw(first))).extracting(IngestIT::body).containsExactly("{\"a\":1}", "{\"a\":3}");
        assertThat(RAW.messages(raw(second))).extracting(IngestIT::body).containsExactly("{\"b\":2}");
    }

    @Test
    void pathTypeWinsOverTheCloudEventType() {
        String type = uniqueType("cepath");
        GatewayHttp.Response response = client.post("/v1/events/" + type, "application/cloudevents+json",
                cloudEvent("cp-1", "com.github.push", "{\"ref\":\"main\"}"));

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(RAW.messages(raw(type))).singleElement().satisfies(message -> {
            assertThat(header(message, InletHeaders.EVENT_TYPE)).isEqualTo(type);
            assertThat(header(message, "ce-type")).isEqualTo("com.github.push");
        });
    }

    @Test
    void binaryCloudEventTakesItsAttributesFromHeaders() {
        String type = uniqueType("cebinary");
        GatewayHttp.Response response = client.header("ce-specversion", "1.0").header("ce-id", "bin-1")
                .header("ce-source", "urn:shop").header("ce-type", type).header("ce-subject", "order%2042")
                .post("/v1/events", "application/json", "{\"total\":5}");

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(ids(response.json())).containsExactly("bin-1");
        assertThat(RAW.messages(raw(type))).singleElement().satisfies(message -> {
            assertThat(body(message)).isEqualTo("{\"total\":5}");
            assertThat(header(message, InletHeaders.NATS_MSG_ID)).isEqualTo(type + ":bin-1");
            assertThat(header(message, "ce-source")).isEqualTo("urn:shop");
            assertThat(header(message, "ce-subject")).isEqualTo("order%2042");
        });
    }

    @Test
    void idempotencyKeyIsTheIdOfASingleEventAndTheBaseOfBatchIds() {
        String type = uniqueType("idem");
        GatewayHttp.Response single = client.header("Idempotency-Key", "idem-9")
                .post("/v1/events/" + type, "application/json", "{\"a\":1}");
        GatewayHttp.Response batch = client.header("Idempotency-Key", "idem-10")
                .post("/v1/events/" + type, "application/json", "[{\"a\":1},{\"id\":\"own\"},{\"a\":3}]");

        assertThat(ids(single.json())).containsExactly("idem-9");
        assertThat(ids(batch.json())).containsExactly("idem-10-0", "own", "idem-10-2");
        assertThat(RAW.messages(raw(type))).extracting(m -> header(m, InletHeaders.EVENT_ID))
                .containsExactly("idem-9", "idem-10-0", "own", "idem-10-2");
    }

    @Test
    void theSameIdSentTwiceIsStoredOnce() {
        String type = uniqueType("dedup");
        String event = "{\"id\":\"dup-1\",\"a\":1}";
        GatewayHttp.Response first = client.post("/v1/events/" + type, "application/json", event);
        GatewayHttp.Response retry = client.post("/v1/events/" + type, "application/json", event);
        GatewayHttp.Response retriedBatch = client.post("/v1/events/" + type, "application/x-ndjson",
                event + "\n{\"id\":\"dup-2\"}\n");

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().get("duplicates").asInt()).isZero();
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().get("duplicates").asInt()).isEqualTo(1);
        assertThat(retriedBatch.json().get("duplicates").asInt()).isEqualTo(1);
        assertThat(RAW.messages(raw(type))).extracting(m -> header(m, InletHeaders.EVENT_ID))
                .containsExactly("dup-1", "dup-2");
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
        assertThat(RAW.messages(raw(type))).extracting(IngestIT::body).containsExactly("{\"id\":\"g-1\"}",
                "{\"id\":\"g-2\"}");
    }

    @Test
    void metricsCountEventsBytesRejectsAndPublishLatency() {
        String type = uniqueType("metrics");
        double eventsBefore = count("inlet.gateway.events", "format", "ndjson");
        double rejectsBefore = count("inlet.gateway.rejects", "reason", "malformed-json");

        client.post("/v1/events/" + type, "application/x-ndjson", "{\"a\":1}\n{\"a\":2}\n");
        client.post("/v1/events/" + type, "application/json", "{\"a\" 1}");

        assertThat(count("inlet.gateway.events", "format", "ndjson")).isEqualTo(eventsBefore + 2);
        assertThat(count("inlet.gateway.rejects", "reason", "malformed-json")).isEqualTo(rejectsBefore + 1);
        assertThat(meters.get("inlet.gateway.received.bytes").counter().count()).isPositive();
        assertThat(meters.get("inlet.gateway.publish").timer().count()).isPositive();
        assertThat(meters.get("inlet.gateway.publish").timer().totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                .isPositive();
        assertThat(meters.get("inlet.gateway.events.in.flight").gauge().value()).isZero();
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
