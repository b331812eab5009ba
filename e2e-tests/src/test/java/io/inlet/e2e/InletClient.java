package io.inlet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What a user does over HTTP: register schemas at the registry, send events to the gateway. */
final class InletClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final E2eStack stack;

    InletClient(E2eStack stack) {
        this.stack = stack;
    }

    /** POST /subjects/{type}/versions with the admin token; returns the schema id. */
    int registerSchema(String eventType, String schemaJson) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schemaType", "JSON");
        body.put("schema", schemaJson);
        HttpResponse<String> response = post(stack.url(io.inlet.localrunner.InletService.SCHEMA_REGISTRY)
                        + "/subjects/" + eventType + "/versions", "application/vnd.schemaregistry.v1+json",
                stack.adminToken, JSON.writeValueAsString(body), Map.of());
        assertThat(response.statusCode()).as("register %s: %s", eventType, response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("id").asInt();
    }

    /** PUT /subjects/{type}/pipeline with the admin token; returns the new revision. */
    long putPipeline(String eventType, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url(io.inlet.localrunner.InletService
                        .SCHEMA_REGISTRY) + "/subjects/" + eventType + "/pipeline"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + stack.adminToken)
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("pipeline %s: %s", eventType, response.body()).isEqualTo(200);
            return JSON.readTree(response.body()).get("revision").asLong();
        } catch (IOException e) {
            throw new IllegalStateException("PUT pipeline of " + eventType + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POST /v1/events/{type} as NDJSON with the API key; returns the event ids, in line order. */
    List<String> send(String eventType, String ndjson) {
        return send(eventType, ndjson, Map.of());
    }

    /** What the gateway answered a 202 with. */
    record Accepted(String requestId, List<String> ids) {
    }

    /** As {@link #send(String, String)}, with the request id of the 202. */
    Accepted accept(String eventType, String ndjson) {
        HttpResponse<String> response = post(stack.url(io.inlet.localrunner.InletService.GATEWAY) + "/v1/events/"
                + eventType, "application/x-ndjson", stack.apiKey, ndjson, Map.of());
        assertThat(response.statusCode()).as("send %s: %s", eventType, response.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.body());
        List<String> ids = new ArrayList<>();
        body.get("ids").forEach(id -> ids.add(id.asString()));
        return new Accepted(body.get("requestId").asString(), ids);
    }

    /** POST /v1/events/{type} of one structured CloudEvent ({@code application/cloudevents+json}). */
    Accepted acceptCloudEvent(String eventType, String cloudEvent) {
        HttpResponse<String> response = post(stack.url(io.inlet.localrunner.InletService.GATEWAY) + "/v1/events/"
                + eventType, "application/cloudevents+json", stack.apiKey, cloudEvent, Map.of());
        assertThat(response.statusCode()).as("send %s: %s", eventType, response.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.body());
        List<String> ids = new ArrayList<>();
        body.get("ids").forEach(id -> ids.add(id.asString()));
        return new Accepted(body.get("requestId").asString(), ids);
    }

    /** As {@link #send(String, String)}, with extra request headers (e.g. Inlet-Schema-Version). */
    List<String> send(String eventType, String ndjson, Map<String, String> headers) {
        HttpResponse<String> response = post(stack.url(io.inlet.localrunner.InletService.GATEWAY) + "/v1/events/"
                + eventType, "application/x-ndjson", stack.apiKey, ndjson, headers);
        assertThat(response.statusCode()).as("send %s: %s", eventType, response.body()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        for (JsonNode id : JSON.readTree(response.body()).get("ids")) {
            ids.add(id.asString());
        }
        return ids;
    }

    private static HttpResponse<String> post(String url, String contentType, String bearer, String body,
                                             Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url));
        headers.forEach(builder::header);
        HttpRequest request = builder
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
