package io.inlet.lake.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.lake.support.LakeHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The lake's API on a real lake (PostgreSQL, NATS, S3): reads need the reader or admin token, writes the admin. */
class LakeSecurityIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String[] READS = {"/api/lake/tables", "/api/lake/errors/page.viewed/samples",
            "/api/lake/data/tables/page.viewed/partitions", "/api/lake/data/tables/page.viewed/files"};

    private static LakeHarness harness;
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void startLake() {
        harness = new LakeHarness("lake-security-it");
        app = harness.start(Map.of());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/lake/tables", "/api/lake/errors/page.viewed/samples",
            "/api/lake/data/tables/page.viewed/partitions", "/api/lake/data/tables/page.viewed/files",
            "/api/lake/replays", "/actuator/metrics"})
    void readsWithoutATokenAre401Problems(String path) throws Exception {
        HttpResponse<String> response = send("GET", path, null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(LakeSecurityConfig.CHALLENGE);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("detail").asString()).contains("reader or admin token");
        assertThat(problem.get("instance").asString()).isEqualTo(path);
    }

    @Test
    void aWrongTokenIs401AndNotEchoed() throws Exception {
        HttpResponse<String> response = send("GET", "/api/lake/errors/page.viewed/samples", "guessed-token", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("guessed-token");
    }

    @Test
    void readerAndAdminTokensRead() throws Exception {
        for (String token : new String[] {LakeHarness.READER_TOKEN, LakeHarness.ADMIN_TOKEN}) {
            for (String path : READS) {
                HttpResponse<String> response = send("GET", path, token, null);
                assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/lake/dry-runs", "/api/lake/replays", "/api/lake/replays/r-1/cancel"})
    void writesNeedTheAdminToken(String path) throws Exception {
        HttpResponse<String> anonymous = send("POST", path, null, "{}");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> reader = send("POST", path, LakeHarness.READER_TOKEN, "{}");
        assertThat(reader.statusCode()).as(reader.body()).isEqualTo(403);
        assertThat(reader.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(reader.body()).get("detail").asString()).contains("admin token");
        HttpResponse<String> admin = send("POST", path, LakeHarness.ADMIN_TOKEN, "{}");
        assertThat(admin.statusCode()).as(admin.body()).isNotIn(401, 403);
    }

    @Test
    void deletesNeedTheAdminToken() throws Exception {
        assertThat(send("DELETE", "/api/lake/replays/r-1", LakeHarness.READER_TOKEN, null).statusCode()).isEqualTo(403);
    }

    @Test
    void healthAndPrometheusStayOpen() throws Exception {
        assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> scrape = send("GET", "/actuator/prometheus", null, null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_");
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
