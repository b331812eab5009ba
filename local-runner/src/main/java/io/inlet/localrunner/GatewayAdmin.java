package io.inlet.localrunner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Creates an API key through the gateway's admin API, as a user would with curl. */
public final class GatewayAdmin {

    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");

    private GatewayAdmin() {
    }

    /** A new API key named {@code name} that may send the event types matching {@code pattern}. */
    public static String createApiKey(String gatewayUrl, String adminToken, String name, String pattern) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/admin/api-keys"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"" + name + "\",\"eventTypes\":[\"" + pattern + "\"]}"))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            Matcher key = KEY.matcher(response.body());
            if (response.statusCode() != 201 || !key.find()) {
                throw new IllegalStateException("Creating an API key failed: HTTP " + response.statusCode() + " "
                        + response.body());
            }
            return key.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("Creating an API key failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
