package io.inlet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a running service serves at {@code /actuator/prometheus}, fetched by the IT that started it and saved under
 * the module's {@code target/prometheus/<service>.prom}: the deploy tests check the Grafana dashboard's queries
 * against these files, so a query naming a metric no service exposes fails there.
 */
public final class PrometheusScrapes {

    private PrometheusScrapes() {
    }

    /** GETs {@code baseUrl/actuator/prometheus}, saves it as {@code target/prometheus/<service>.prom}, returns it. */
    public static String scrapeAndSave(String baseUrl, String service) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
            }
            Path file = Path.of("target", "prometheus", service + ".prom");
            Files.createDirectories(file.getParent());
            Files.writeString(file, response.body());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
