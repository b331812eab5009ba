package io.inlet.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Table-driven: each bad request gets its exact 4xx status and an RFC 9457 problem naming the
 * reason; none gets a 5xx, and afterwards the gateway is healthy and still accepts events.
 * Limits of the shared context: body 256 KB, 100 events, event 64 KB, depth 16, strings 8192, ids 64.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestsIT extends GatewayIntegrationTest {

    private static final String TYPE = uniqueType("bad");
    private static final String PATH = "/v1/events/" + TYPE;
    private static final String JSON = "application/json";
    private static final String NDJSON = "application/x-ndjson";
    private static final String CE = "application/cloudevents+json";
    private static final String CE_BATCH = "application/cloudevents-batch+json";

    private final Map<String, String> credentials = new LinkedHashMap<>();

    /** One bad request; {@code authorization} may name a credential: {key}, {revoked}, {admin}, ... */
    record Case(String name, String method, String path, String contentType, byte[] body, String authorization,
                Map<String, String> headers, int status, String reason) {

        Case with(String header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header, value);
            return new Case(name, method, path, contentType, body, authorization, more, status, reason);
        }

        Case auth(String value) {
            return new Case(name, method, path, contentType, body, value, headers, status, reason);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case post(String name, int status, String reason, String path, String contentType, String body) {
        return post(name, status, reason, path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Case post(String name, int status, String reason, String path, String contentType, byte[] body) {
        return new Case(name, "POST", path, contentType, body, "{key}", Map.of(), status, reason);
    }

    private static Case json(String name, int status, String reason, String body) {
        return post(name, status, reason, PATH, JSON, body);
    }

    private static Case method(String name, String method, String path) {
        return new Case(name, method, path, JSON, "{}".getBytes(StandardCharsets.UTF_8), "{key}", Map.of(), 405,
                "method-not-allowed");
    }

    @BeforeAll
    void credentials() {
        String key = createKey("bad-requests-it", "it.>");
        credentials.put("{key}", "Bearer " + key);
        String revoked = createKey("bad-requests-revoked", "it.>");
        String revokedId = revoked.substring(6, 22);
        assertThat(admin().delete("/v1/admin/api-keys/" + revokedId).status()).isEqualTo(204);
        credentials.put("{revoked}", "Bearer " + revoked);
        credentials.put("{unknown}", "Bearer inlet_aaaaaaaaaaaaaaaa_" + "A".repeat(43));
        credentials.put("{wrong-secret}", "Bearer " + key.substring(0, 23) + "B".repeat(43));
        credentials.put("{admin}", "Bearer " + ADMIN_TOKEN);
    }

    List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // authentication and authorization
        cases.add(json("no Authorization header", 401, "missing-credentials", "{}").auth(null));
        cases.add(json("Basic credentials", 401, "unsupported-credentials", "{}").auth("Basic dXNlcjpwYXNz"));
        cases.add(json("Bearer without a key", 401, "unsupported-credentials", "{}").auth("Bearer"));
        cases.add(json("key of the wrong shape", 401, "invalid-api-key", "{}").auth("Bearer not-a-key"));
        cases.add(json("unknown key id", 401, "invalid-api-key", "{}").auth("{unknown}"));
        cases.add(json("known key id, wrong secret", 401, "invalid-api-key", "{}").auth("{wrong-secret}"));
        cases.add(json("revoked key", 401, "revoked-api-key", "{}").auth("{revoked}"));
        cases.add(json("admin token used as API key", 401, "invalid-api-key", "{}").auth("{admin}"));
        cases.add(post("type outside the key's scope", 403, "event-type-not-allowed", "/v1/events/users.created",
                JSON, "{}"));
        cases.add(post("CloudEvent type outside the key's scope", 403, "event-type-not-allowed", "/v1/events", CE,
                IngestIT.cloudEvent("x1", "users.created", "{}")));
        // event type names
        for (String bad : List.of("Order.Created", "order..created", "order.*", ".order", "order.", "1order",
                "ord%20er", "%3E", "ord%C3%A9r", "_order", "a".repeat(101))) {
            cases.add(post("event type '" + bad + "'", 400, "invalid-event-type", "/v1/events/" + bad, JSON, "{}"));
        }
        cases.add(post("CloudEvent type that is not an event type name", 400, "invalid-event-type", "/v1/events", CE,
                IngestIT.cloudEvent("x2", "Bad Type", "{}")));
        // content type and encoding
        cases.add(json("no Content-Type", 415, "missing-content-type", "{}"));
        cases.set(cases.size() - 1, post("no Content-Type", 415, "missing-content-type", PATH, null, "{}"));
        cases.add(post("text/plain", 415, "unsupported-media-type", PATH, "text/plain", "{}"));
        cases.add(post("application/xml", 415, "unsupported-media-type", PATH, "application/xml", "<a/>"));
        cases.add(post("form encoded", 415, "unsupported-media-type", PATH, "application/x-www-form-urlencoded", "a=1"));
        cases.add(post("multipart", 415, "unsupported-media-type", PATH, "multipart/form-data; boundary=x", "--x--"));
        cases.add(post("not a media type", 415, "unsupported-media-type", PATH, "json", "{}"));
        cases.add(post("charset ISO-8859-1", 415, "unsupported-charset", PATH, "application/json; charset=ISO-8859-1",
                "{}"));
        cases.add(post("unknown charset", 415, "unsupported-charset", PATH, "application/json; charset=klingon", "{}"));
        cases.add(json("Content-Encoding br", 415, "unsupported-content-encoding", "{}").with("Content-Encoding", "br"));
        cases.add(json("Content-Encoding gzip on plain bytes", 400, "invalid-content-encoding", "{\"a\":1}")
                .with("Content-Encoding", "gzip"));
        cases.add(post("NDJSON in CloudEvents binary mode", 415, "unsupported-media-type", PATH, NDJSON, "{}")
                .with("ce-specversion", "1.0"));
        cases.add(post("plain JSON without an event type", 400, "missing-event-type", "/v1/events", JSON, "{}"));
        // malformed JSON
        cases.add(json("truncated object", 400, "truncated-json", "{\"a\":"));
        cases.add(json("truncated before the closing brace", 400, "truncated-json", "{\"a\": 1"));
        cases.add(json("truncated batch", 400, "truncated-json", "[{\"a\":1},"));
        cases.add(json("truncated string", 400, "truncated-json", "{\"a\":\"abc"));
        cases.add(json("missing colon", 400, "malformed-json", "{\"a\" 1}"));
        cases.add(json("unquoted name", 400, "malformed-json", "{a:1}"));
        cases.add(json("single quotes", 400, "malformed-json", "{'a':1}"));
        cases.add(json("trailing comma", 400, "malformed-json", "{\"a\":1,}"));
        cases.add(json("NaN", 400, "malformed-json", "{\"a\":NaN}"));
        cases.add(json("leading zero", 400, "malformed-json", "{\"a\":01}"));
        cases.add(json("raw control character in a string", 400, "malformed-json", "{\"a\":\"x\u0001y\"}"));
        cases.add(json("comment", 400, "malformed-json", "// hi\n{}"));
        cases.add(json("garbage after the object", 400, "malformed-json", "{\"a\":1} x"));
        cases.add(json("two objects without an array", 400, "trailing-content", "{\"a\":1}{\"b\":2}"));
        cases.add(json("duplicate property", 400, "duplicate-property", "{\"a\":1,\"a\":2}"));
        cases.add(post("invalid UTF-8 in a string", 400, "invalid-utf8", PATH, JSON,
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
        cases.add(post("overlong UTF-8 encoding", 400, "invalid-utf8", PATH, JSON,
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}));
        cases.add(post("invalid UTF-8 in a property name", 400, "invalid-utf8", PATH, JSON,
                new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'}));
        cases.add(json("empty body", 400, "empty-body", ""));
        cases.add(json("whitespace body", 400, "empty-body", " \n\t "));
        cases.add(json("empty array", 400, "empty-batch", "[]"));
        cases.add(json("string instead of an object", 400, "not-an-object", "\"event\""));
        cases.add(json("number instead of an object", 400, "not-an-object", "42"));
        cases.add(json("null instead of an object", 400, "not-an-object", "null"));
        cases.add(json("array of numbers", 400, "not-an-object", "[1,2]"));
        cases.add(json("array with a string element", 400, "not-an-object", "[{\"a\":1},\"x\"]"));
        cases.add(json("nested arrays as batch", 400, "not-an-object", "[[{\"a\":1}]]"));
        // NDJSON
        cases.add(post("NDJSON line that is an array", 400, "not-an-object", PATH, NDJSON, "{\"a\":1}\n[1]\n"));
        cases.add(post("NDJSON line with two objects", 400, "trailing-content", PATH, NDJSON, "{\"a\":1} {\"b\":2}\n"));
        cases.add(post("NDJSON truncated line", 400, "truncated-json", PATH, NDJSON, "{\"a\":1}\n{\"b\":\n"));
        cases.add(post("NDJSON of blank lines only", 400, "empty-body", PATH, NDJSON, "\n\n \n"));
        // ids and headers
        cases.add(json("boolean id", 400, "invalid-id", "{\"id\":true}"));
        cases.add(json("object id", 400, "invalid-id", "{\"id\":{\"x\":1}}"));
        cases.add(json("fractional id", 400, "invalid-id", "{\"id\":1.5}"));
        cases.add(json("id with a space", 400, "invalid-id", "{\"id\":\"a b\"}"));
        cases.add(json("empty id", 400, "invalid-id", "{\"id\":\"\"}"));
        cases.add(json("non-ASCII id", 400, "invalid-id", "{\"id\":\"ünï\"}"));
        cases.add(json("id longer than max-id-length", 400, "id-too-long", "{\"id\":\"" + "i".repeat(65) + "\"}"));
        cases.add(json("Idempotency-Key too long", 400, "id-too-long", "{}").with("Idempotency-Key", "k".repeat(65)));
        cases.add(json("Idempotency-Key with a space", 400, "invalid-id", "{}").with("Idempotency-Key", "a b"));
        cases.add(json("schema version not a number", 400, "invalid-schema-version", "{}")
                .with("Inlet-Schema-Version", "latest"));
        cases.add(json("schema version zero", 400, "invalid-schema-version", "{}").with("Inlet-Schema-Version", "0"));
        cases.add(json("schema version negative", 400, "invalid-schema-version", "{}")
                .with("Inlet-Schema-Version", "-2"));
        // limits
        cases.add(json("nesting deeper than max-depth", 400, "too-deep", "{\"a\":" + "[".repeat(16) + "]".repeat(16)
                + "}"));
        cases.add(json("string longer than max-string-length", 400, "string-too-long",
                "{\"a\":\"" + "s".repeat(8193) + "\"}"));
        cases.add(json("property name longer than max-string-length", 400, "string-too-long",
                "{\"" + "n".repeat(8193) + "\":1}"));
        cases.add(json("number with 2000 digits", 400, "json-constraint", "{\"a\":" + "9".repeat(2000) + "}"));
        cases.add(json("event larger than max-event-size", 413, "event-too-large", bigEvent(10)));
        cases.add(json("body larger than max-body-size", 413, "body-too-large", "[" + String.join(",",
                java.util.Collections.nCopies(40, bigEvent(1))) + "]"));
        cases.add(json("more events than max-events-per-request", 413, "too-many-events",
                "[" + String.join(",", java.util.Collections.nCopies(101, "{}")) + "]"));
        cases.add(post("more NDJSON lines than max-events-per-request", 413, "too-many-events", PATH, NDJSON,
                "{}\n".repeat(101)));
        cases.add(post("gzip bomb", 413, "body-too-large", PATH, JSON, gzip("{\"a\":\"" + " ".repeat(400_000) + "\"}"))
                .with("Content-Encoding", "gzip"));
        // CloudEvents
        cases.add(post("CloudEvent without id", 400, "invalid-cloudevent", "/v1/events", CE,
                "{\"specversion\":\"1.0\",\"source\":\"/s\",\"type\":\"it.a\",\"data\":{}}"));
        cases.add(post("CloudEvent specversion 0.3", 400, "invalid-cloudevent", "/v1/events", CE,
                "{\"specversion\":\"0.3\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"it.a\",\"data\":{}}"));
        cases.add(post("CloudEvent without data", 400, "invalid-cloudevent", "/v1/events", CE,
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"it.a\"}"));
        cases.add(post("CloudEvent with string data", 400, "invalid-cloudevent", "/v1/events", CE,
                IngestIT.cloudEvent("1", "it.a", "\"text\"")));
        cases.add(post("CloudEvent with data_base64", 415, "unsupported-cloudevent-data", "/v1/events", CE,
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"it.a\",\"data_base64\":\"e30=\"}"));
        cases.add(post("CloudEvent with text datacontenttype", 415, "unsupported-cloudevent-data", "/v1/events", CE,
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"it.a\","
                        + "\"datacontenttype\":\"text/plain\",\"data\":{}}"));
        cases.add(post("CloudEvent attribute that is an object", 400, "invalid-cloudevent", "/v1/events", CE,
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":{\"a\":1},\"type\":\"it.a\",\"data\":{}}"));
        cases.add(post("CloudEvent attribute with an invalid name", 400, "invalid-cloudevent", "/v1/events", CE,
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"it.a\",\"Bad-Name\":1,\"data\":{}}"));
        cases.add(post("CloudEvents batch that is an object", 400, "not-an-object", "/v1/events", CE_BATCH,
                IngestIT.cloudEvent("1", "it.a", "{}")));
        cases.add(post("empty CloudEvents batch", 400, "empty-batch", "/v1/events", CE_BATCH, "[]"));
        cases.add(post("binary CloudEvent without ce-source", 400, "invalid-cloudevent", "/v1/events", JSON, "{}")
                .with("ce-specversion", "1.0").with("ce-id", "1").with("ce-type", "it.a"));
        cases.add(post("binary CloudEvent with an array body", 400, "not-an-object", "/v1/events", JSON, "[{}]")
                .with("ce-specversion", "1.0").with("ce-id", "1").with("ce-type", "it.a").with("ce-source", "/s"));
        // methods and routes
        cases.add(method("GET on the ingestion endpoint", "GET", PATH));
        cases.add(method("PUT on the ingestion endpoint", "PUT", PATH));
        cases.add(method("DELETE on the ingestion endpoint", "DELETE", PATH));
        cases.add(method("PATCH on the CloudEvents endpoint", "PATCH", "/v1/events"));
        cases.add(post("unknown route", 404, "not-found", "/v1/nothing", JSON, "{}"));
        // admin API
        cases.add(post("admin API without credentials", 401, "missing-credentials", "/v1/admin/api-keys", JSON,
                "{\"name\":\"x\",\"eventTypes\":[\"a.*\"]}").auth(null));
        cases.add(post("admin API with a wrong token", 403, "admin-access-denied", "/v1/admin/api-keys", JSON,
                "{\"name\":\"x\",\"eventTypes\":[\"a.*\"]}").auth("Bearer wrong"));
        cases.add(post("admin API with an API key", 403, "admin-access-denied", "/v1/admin/api-keys", JSON,
                "{\"name\":\"x\",\"eventTypes\":[\"a.*\"]}"));
        cases.add(post("admin API with malformed JSON", 400, "bad-request", "/v1/admin/api-keys", JSON, "{\"name\":")
                .auth("{admin}"));
        cases.add(post("admin API without event types", 400, "bad-request", "/v1/admin/api-keys", JSON,
                "{\"name\":\"x\",\"eventTypes\":[]}").auth("{admin}"));
        cases.add(post("admin API with an invalid pattern", 400, "invalid-api-key-request", "/v1/admin/api-keys", JSON,
                "{\"name\":\"x\",\"eventTypes\":[\"Orders.*\"]}").auth("{admin}"));
        cases.add(new Case("admin API: unknown key", "GET", "/v1/admin/api-keys/nope", null, null, "{admin}", Map.of(),
                404, "api-key-not-found"));
        cases.add(new Case("admin API: revoke unknown key", "DELETE", "/v1/admin/api-keys/nope", null, null, "{admin}",
                Map.of(), 404, "api-key-not-found"));
        return cases;
    }

    @Test
    void theTableHasAtLeastSixtyDistinctCases() {
        List<Case> cases = cases();
        Set<String> names = new HashSet<>();
        cases.forEach(c -> assertThat(names.add(c.name())).as("duplicate case name " + c.name()).isTrue());
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badRequestGetsItsExactStatusAndAProblem(Case c) {
        GatewayHttp client = http();
        if (c.authorization() != null) {
            client = client.header("Authorization", credentials.getOrDefault(c.authorization(), c.authorization()));
        }
        for (Map.Entry<String, String> header : c.headers().entrySet()) {
            client = client.header(header.getKey(), header.getValue());
        }
        GatewayHttp.Response response = client.send(c.method(), c.path(), c.contentType(), c.body());

        assertThat(response.status()).as(response.toString()).isEqualTo(c.status());
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(c.status());
        assertThat(problem.get("reason").asString()).as(response.toString()).isEqualTo(c.reason());
        assertThat(problem.get("type").asString()).isEqualTo("urn:inlet:problem:" + c.reason());
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(problem.get("requestId").asString()).isEqualTo(response.header("X-Request-Id"));
        if (c.status() == 401) {
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer realm=\"inlet\"");
        }
        if (c.reason().endsWith("-too-large") || c.reason().equals("too-many-events") || c.reason().equals("too-deep")
                || c.reason().equals("string-too-long") || c.reason().equals("id-too-long")) {
            assertThat(problem.get("limit").asString()).startsWith("max-");
            assertThat(problem.get("limitValue").asLong()).isPositive();
        }
    }

    @AfterAll
    void gatewayIsStillHealthyAndAcceptsEvents() {
        GatewayHttp.Response health = http().get("/actuator/health");
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        GatewayHttp.Response good = http().header("Authorization", credentials.get("{key}"))
                .post(PATH, JSON, "{\"id\":\"still-fine\"}");
        assertThat(good.status()).as(good.toString()).isEqualTo(202);
        assertThat(RAW.eventIds("inlet.raw." + TYPE)).containsExactly("still-fine");
    }

    /** An event of about {@code strings} × 8 KB. */
    private static String bigEvent(int strings) {
        StringBuilder event = new StringBuilder("{");
        for (int i = 0; i < strings; i++) {
            event.append(i == 0 ? "" : ",").append("\"s").append(i).append("\":\"").append("x".repeat(8000)).append('"');
        }
        return event.append('}').toString();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
