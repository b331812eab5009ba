package io.inlet.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lake's HTTP API as the CLI calls it: JSON in and out, the bearer token on every request, RFC 9457 problems
 * turned into {@link ApiException}s that say what the lake said.
 */
public final class LakeApi {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String token;

    public LakeApi(String baseUrl, String token) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.token = token;
    }

    /** An answer that was not a success: its status and the problem's title and detail. */
    public static final class ApiException extends RuntimeException {
        private final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public JsonNode get(String path) {
        return send(request(path).GET());
    }

    public JsonNode post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    public JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1)
                : path)).timeout(Duration.ofMinutes(2)).header("Accept", "application/json, application/problem+json");
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException(0, "cannot reach the lake at " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
        String body = response.body();
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(response.statusCode(), problem(request, response.statusCode(), body));
        }
        return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
    }

    private static String problem(HttpRequest request, int status, String body) {
        String what = request.method() + " " + request.uri().getPath() + ": " + status;
        try {
            JsonNode problem = JSON.readTree(body);
            String title = problem.path("title").asString("");
            String detail = problem.path("detail").asString(problem.path("message").asString(""));
            return what + (title.isEmpty() ? "" : " " + title) + (detail.isEmpty() ? "" : ": " + detail)
                    + (status == 401 ? " (give --token or INLET_LAKE_ADMIN_TOKEN)" : "");
        } catch (RuntimeException e) {
            return what + (body == null || body.isBlank() ? "" : ": " + body);
        }
    }
}
