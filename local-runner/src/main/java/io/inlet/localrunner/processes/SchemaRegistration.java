package io.inlet.localrunner.processes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Registers a JSON Schema under a subject through the registry's Confluent API, as a user would with curl. */
public final class SchemaRegistration {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SchemaRegistration() {
    }

    public static void register(String registryUrl, String adminToken, String subject, String schemaJson)
            throws IOException, InterruptedException {
        String body = "{\"schemaType\":\"JSON\",\"schema\":" + jsonString(schemaJson) + "}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(registryUrl + "/subjects/" + subject + "/versions"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("registering " + subject + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** {@code text} as a JSON string literal. */
    static String jsonString(String text) {
        StringBuilder json = new StringBuilder(text.length() + 16).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
