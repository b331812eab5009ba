package io.inlet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;

/**
 * The gateway's server-side request time and, inside it, the wait for JetStream's PubAcks of a request's frames
 * ({@code inlet.gateway.publish}), as windowed percentiles from its Prometheus endpoint: which part of the p99 is
 * the broker's.
 */
final class GatewayTimers {

    static final List<String> METERS = List.of("http.server.requests", "inlet.gateway.publish");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private GatewayTimers() {
    }

    /** p50 / p99 of the gateway's own timers on the ingest path, in ms, from its Prometheus endpoint. */
    static String read(String gateway) {
        String metrics;
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway
                    + "/actuator/prometheus")).GET().build(), HttpResponse.BodyHandlers.ofString());
            metrics = response.body();
        } catch (Exception e) {
            return "n/a (" + e.getMessage() + ")";
        }
        StringBuilder text = new StringBuilder();
        for (String meter : METERS) {
            String series = meter.replace('.', '_') + "_seconds{";
            text.append(text.length() == 0 ? "" : "; ").append(meter).append(" p50 ")
                    .append(quantileMillis(metrics, series, "0.5")).append(" / p99 ")
                    .append(quantileMillis(metrics, series, "0.99")).append(" ms");
        }
        return text.toString();
    }

    /** The largest value among the series' lines with this quantile (on the ingest URI for request timers). */
    private static String quantileMillis(String metrics, String series, String quantile) {
        double max = -1;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series) && line.contains("quantile=\"" + quantile + "\"")
                    && (!line.contains("uri=") || line.contains("uri=\"/v1/events/{eventType}\""))) {
                max = Math.max(max, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return max < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", max * 1000);
    }
}
