package io.inlet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Rows, files and bytes the lake's read API reports for some event types, and when the target was seen. */
record LakeRows(long rows, long files, long bytes, long errorRows, long reachedNanos, boolean complete) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Polls the lake's {@code /api/lake/tables} until data and error rows of {@code types} reach {@code expected}. */
    static LakeRows await(String lake, String token, List<String> types, long expected, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        LakeRows last = null;
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = HTTP.send(HttpRequest.newBuilder(URI.create(lake + "/api/lake/tables"))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                System.out.println("WARNING: polling the lake: " + e);
                TimeUnit.MILLISECONDS.sleep(500);
                continue;
            }
            long rows = 0;
            long files = 0;
            long bytes = 0;
            long errorRows = 0;
            for (JsonNode table : JSON.readTree(response.body())) {
                if (!types.contains(table.get("eventType").asString())) {
                    continue;
                }
                if (table.get("lake").asString().startsWith("data")) {
                    rows += table.get("rows").asLong();
                    files += table.get("files").asLong();
                    bytes += table.get("bytes").asLong();
                } else {
                    errorRows += table.get("rows").asLong();
                }
            }
            last = new LakeRows(rows, files, bytes, errorRows, now, rows + errorRows >= expected);
            if (rows + errorRows >= expected) {
                return last;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        System.out.println("WARNING: the lake did not reach " + expected + " rows of " + types + " within " + timeout
                + "; last: " + last);
        return last;
    }
}
