package io.inlet.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.IsolatedSchema;
import io.inlet.testsupport.UniqueNames;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of the ITs that share one running gateway (one Spring context) on the real NATS and
 * PostgreSQL. Limits are set small so that breaching them takes small requests. Event types are
 * not checked against a registry here ({@code unknown=accept}); {@code RegistryEventTypesIT} covers that.
 * Each test isolates itself with event type names no other test uses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "inlet.gateway.auth.admin-token=" + GatewayIntegrationTest.ADMIN_TOKEN,
        "inlet.gateway.event-types.unknown=accept",
        "inlet.gateway.limits.max-body-size=256KB",
        "inlet.gateway.limits.max-events-per-request=100",
        "inlet.gateway.limits.max-event-size=64KB",
        "inlet.gateway.limits.max-depth=16",
        "inlet.gateway.limits.max-string-length=8192",
        "inlet.gateway.limits.max-id-length=64"})
abstract class GatewayIntegrationTest {

    static final String ADMIN_TOKEN = "it-gateway-admin-token";

    private static final IsolatedSchema DATABASE = Infrastructure.postgres().createSchema("gateway_it");
    /** Shared by every IT class of the JVM; its connection ends with the JVM. */
    static final RawStream RAW = new RawStream();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.cloud.stream.nats.binder.servers", () -> Infrastructure.nats().url());
    }

    /** As a load balancer would: no traffic before the gateway reports UP (its NATS binder is ready). */
    @BeforeEach
    void awaitReady() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> http().get("/actuator/health/readiness").status() == 200);
    }

    GatewayHttp http() {
        return new GatewayHttp(port);
    }

    GatewayHttp admin() {
        return http().bearer(ADMIN_TOKEN);
    }

    /** Creates a key through the admin API and returns the key. */
    String createKey(String name, String... eventTypePatterns) {
        String body = GatewayHttp.JSON.writeValueAsString(java.util.Map.of("name", name,
                "eventTypes", List.of(eventTypePatterns)));
        GatewayHttp.Response response = admin().post("/v1/admin/api-keys", "application/json", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("key").asString();
    }

    /** An event type name no other test uses, e.g. {@code it.orders.k3j9x0ab}. */
    static String uniqueType(String hint) {
        return "it." + UniqueNames.lowerToken(hint);
    }

    static List<String> ids(JsonNode accepted) {
        return accepted.get("ids").valueStream().map(JsonNode::asString).toList();
    }
}
