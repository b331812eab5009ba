package io.inlet.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.gateway.GatewayApplication;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.IsolatedSchema;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A gateway whose NATS is unreachable (a closed port) starts, and answers every valid request
 * with 503 and Retry-After — never 202.
 */
class NatsUnavailableIT {

    private static final IsolatedSchema DATABASE = Infrastructure.postgres().createSchema("gateway_nats_down_it");
    private static final String ADMIN = "nats-down-admin";

    private static ConfigurableApplicationContext gateway;
    private static GatewayHttp http;

    @BeforeAll
    static void startWithoutNats() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> properties = new HashMap<>(DATABASE.springProperties());
        properties.put("server.port", 0);
        properties.put("spring.cloud.stream.nats.binder.servers", "nats://127.0.0.1:" + closedPort);
        properties.put("spring.cloud.stream.nats.binder.connect-timeout", "500ms");
        // The binder's first connect retries on the creating thread while holding Spring Cloud Stream's
        // JVM-wide binder-creation lock; bounded retries let it give up so the next test context can bind.
        properties.put("spring.cloud.stream.nats.binder.max-reconnects", "2");
        properties.put("spring.cloud.stream.nats.binder.reconnect-wait", "100ms");
        properties.put("spring.cloud.stream.nats.default.producer.ack-timeout", "1s");
        properties.put("spring.cloud.stream.nats.binder.api-timeout", "1s");
        properties.put("inlet.gateway.auth.admin-token", ADMIN);
        properties.put("inlet.gateway.event-types.unknown", "accept");
        properties.put("inlet.gateway.publish.unavailable-retry-after", "7s");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        gateway = new SpringApplicationBuilder(GatewayApplication.class).run(args);
        http = new GatewayHttp(((WebServerApplicationContext) gateway).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void everyBodyFormAnswers503WithRetryAfterAndNever202() {
        GatewayHttp.Response created = http.bearer(ADMIN).post("/v1/admin/api-keys", "application/json",
                "{\"name\":\"nats-down\",\"eventTypes\":[\">\"]}");
        assertThat(created.status()).isEqualTo(201);
        GatewayHttp client = http.bearer(created.json().get("key").asString());
        String type = GatewayIntegrationTest.uniqueType("down");

        List<GatewayHttp.Response> responses = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            responses.add(client.post("/v1/events/" + type, "application/json", "{\"id\":\"d-1\"}"));
            responses.add(client.post("/v1/events/" + type, "application/json", "[{\"a\":1},{\"a\":2}]"));
            responses.add(client.post("/v1/events/" + type, "application/x-ndjson", "{\"a\":1}\n{\"a\":2}\n"));
            responses.add(client.post("/v1/events", "application/cloudevents+json",
                    IngestIT.cloudEvent("c-1", type, "{\"a\":1}")));
        }
        assertThat(responses).allSatisfy(response -> {
            assertThat(response.status()).as(response.toString()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("7");
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("reason").asString()).isEqualTo("publish-unavailable");
            assertThat(response.body()).doesNotContain("\"ids\"");
        });
        // bad input is still told apart from the outage
        assertThat(client.post("/v1/events/" + type, "application/json", "{\"a\":").status()).isEqualTo(400);
    }

    @Test
    void healthReportsNatsDown() {
        GatewayHttp.Response health = http.get("/actuator/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body()).contains("DOWN");
    }
}
