package io.inlet.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the gateway: any method, raw bytes, any headers. */
final class GatewayHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private final Map<String, String> headers = new LinkedHashMap<>();

    GatewayHttp(int port) {
        this.port = port;
    }

    GatewayHttp header(String name, String value) {
        GatewayHttp copy = new GatewayHttp(port);
        copy.headers.putAll(headers);
        copy.headers.put(name, value);
        return copy;
    }

    GatewayHttp bearer(String token) {
        return header("Authorization", "Bearer " + token);
    }

    Response post(String path, String contentType, String body) {
        return send("POST", path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    Response get(String path) {
        return send("GET", path, null, null);
    }

    Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    Response send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String contentType, String body, HttpResponse<String> raw) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body);
        }
    }
}
