package io.inlet.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.gateway.GatewayApplication;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.IsolatedSchema;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * JetStream stops acknowledging (its PubAcks are held back by a proxy in front of the real server):
 * requests waiting for acks fill the bounded in-flight budget, so further requests get 429 at once;
 * the waiting ones end in 503 when their acks time out — never 202 — and a retry with the same
 * ids after recovery stores each event once.
 */
class JetStreamStallIT {

    private static final IsolatedSchema DATABASE = Infrastructure.postgres().createSchema("gateway_stall_it");
    private static final String ADMIN = "stall-admin";

    private static PausableProxy proxy;
    private static ConfigurableApplicationContext gateway;
    private static GatewayHttp client;

    @BeforeAll
    static void start() throws Exception {
        URI nats = URI.create(Infrastructure.nats().url());
        proxy = new PausableProxy(nats.getHost(), nats.getPort());
        Map<String, Object> properties = new HashMap<>(DATABASE.springProperties());
        properties.put("server.port", 0);
        properties.put("spring.cloud.stream.nats.binder.servers", "nats://127.0.0.1:" + proxy.port());
        properties.put("spring.cloud.stream.nats.default.producer.ack-timeout", "3s");
        properties.put("inlet.gateway.auth.admin-token", ADMIN);
        properties.put("inlet.gateway.event-types.unknown", "accept");
        properties.put("inlet.gateway.limits.max-events-per-request", "5");
        properties.put("inlet.gateway.publish.max-events-in-flight", "5");
        properties.put("inlet.gateway.publish.acquire-timeout", "50ms");
        properties.put("inlet.gateway.publish.saturated-retry-after", "2s");
        properties.put("inlet.gateway.publish.unavailable-retry-after", "4s");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        gateway = new SpringApplicationBuilder(GatewayApplication.class).run(args);
        GatewayHttp http = new GatewayHttp(((WebServerApplicationContext) gateway).getWebServer().getPort());
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/actuator/health/readiness").status() == 200);
        GatewayHttp.Response created = http.bearer(ADMIN).post("/v1/admin/api-keys", "application/json",
                "{\"name\":\"stall\",\"eventTypes\":[\"it.>\"]}");
        client = http.bearer(created.json().get("key").asString());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void stalledAcksGive429ToNewRequestsAnd503ToWaitingOnesThenRecover() {
        String type = GatewayIntegrationTest.uniqueType("stall");
        String path = "/v1/events/" + type;
        String batch = "[{\"id\":\"s-1\"},{\"id\":\"s-2\"},{\"id\":\"s-3\"},{\"id\":\"s-4\"},{\"id\":\"s-5\"}]";
        assertThat(client.post(path, "application/json", "{\"id\":\"warm\"}").status()).isEqualTo(202);
        MeterRegistry meters = gateway.getBean(MeterRegistry.class);

        proxy.pause();
        CompletableFuture<GatewayHttp.Response> waiting = CompletableFuture.supplyAsync(
                () -> client.post(path, "application/json", batch));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                meters.get("inlet.gateway.events.in.flight").gauge().value() == 5);

        GatewayHttp.Response saturated = client.post(path, "application/json", "{\"id\":\"s-6\"}");
        assertThat(saturated.status()).as(saturated.toString()).isEqualTo(429);
        assertThat(saturated.header("Retry-After")).isEqualTo("2");
        assertThat(saturated.json().get("reason").asString()).isEqualTo("saturated");
        assertThat(saturated.json().get("limit").asString()).isEqualTo("max-events-in-flight");

        GatewayHttp.Response timedOut = waiting.join();
        assertThat(timedOut.status()).as(timedOut.toString()).isEqualTo(503);
        assertThat(timedOut.header("Retry-After")).isEqualTo("4");
        assertThat(meters.get("inlet.gateway.events.in.flight").gauge().value()).isZero();

        proxy.resume();
        // the server stored the batch although its acks were lost: the client's retry is stored once
        GatewayHttp.Response retried = await().atMost(Duration.ofSeconds(30))
                .until(() -> client.post(path, "application/json", batch), r -> r.status() == 202);
        assertThat(retried.json().get("duplicates").asInt()).isEqualTo(5);
        assertThat(GatewayIntegrationTest.RAW.frames("inlet.raw." + type)).as("one frame per request")
                .extracting(f -> f.events().stream().map(e -> e.eventId()).toList())
                .containsExactly(List.of("warm"), List.of("s-1", "s-2", "s-3", "s-4", "s-5"));
    }
}
