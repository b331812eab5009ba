package io.inlet.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.binder.NatsOutputs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A configured max-event-size above what one JetStream message carries: the effective limit is the smaller one,
 * refused with the precise 413 (never a 500), and an event that fits its payload but not with its envelope and
 * CloudEvents attributes is refused before anything of its request is published.
 */
@TestPropertySource(properties = {
        "inlet.gateway.limits.max-body-size=4MB",
        "inlet.gateway.limits.max-event-size=4MB",
        "inlet.gateway.limits.max-string-length=4194304"})
class FrameBoundIT extends GatewayIntegrationTest {

    private static final long CONFIGURED = 4L * 1024 * 1024;

    @Autowired
    NatsOutputs outputs;

    private GatewayHttp client;
    private int bound;

    @BeforeEach
    void key() {
        client = http().bearer(createKey("frame-bound-it", "it.>"));
        bound = outputs.frames("inletRaw").maxEventBytes();
        assertThat((long) bound).as("the NATS server's max_payload is below the configured limit").isLessThan(CONFIGURED);
    }

    /** An event of exactly {@code length} bytes. */
    private static String event(int length) {
        return "{\"s\":\"" + "x".repeat(length - 8) + "\"}";
    }

    @Test
    void anEventAboveTheFrameBoundIsRefusedWith413NamingTheEffectiveLimit() {
        String type = uniqueType("above_bound");
        GatewayHttp.Response response = client.post("/v1/events/" + type, "application/json", event(bound + 1));

        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("reason").asString()).isEqualTo("event-too-large");
        assertThat(problem.get("limit").asString()).isEqualTo("max-event-size");
        assertThat(problem.get("limitValue").asLong()).isEqualTo(bound);
        assertThat(problem.get("eventIndex").asInt()).isZero();
        assertThat(problem.get("detail").asString()).isEqualTo("Event 0 is " + (bound + 1) + " bytes; max-event-size is "
                + bound + " bytes (the configured " + CONFIGURED + " bytes, capped at the largest event one JetStream "
                + "message carries, from the NATS server's max_payload)");
        assertThat(RAW.messages("inlet.raw." + type)).isEmpty();
    }

    @Test
    void anEventOfExactlyTheFrameBoundIsStoredIntact() {
        String type = uniqueType("at_bound");
        String event = event(bound);
        GatewayHttp.Response response = client.post("/v1/events/" + type, "application/json", event);

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(RAW.events("inlet.raw." + type)).singleElement()
                .satisfies(e -> assertThat(e.payload()).isEqualTo(event.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anEventThatFitsOnlyWithoutItsAttributesIsRefusedBeforeAnyFrameOfTheRequestIsPublished() {
        String small = uniqueType("bound_small");
        String large = uniqueType("bound_large");
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            attributes.append(",\"ext").append(i).append("\":\"").append("a".repeat(2000)).append('"');
        }
        String batch = "[" + IngestIT.cloudEvent("fb-1", small, "{\"a\":1}") + ",{\"specversion\":\"1.0\","
                + "\"id\":\"fb-2\",\"source\":\"/it\",\"type\":\"" + large + "\"" + attributes + ",\"data\":"
                + event(bound - 100) + "}]";
        GatewayHttp.Response response = client.post("/v1/events", "application/cloudevents-batch+json", batch);

        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        JsonNode problem = response.json();
        assertThat(problem.get("reason").asString()).isEqualTo("event-too-large");
        assertThat(problem.get("limit").asString()).isEqualTo("max-event-size");
        assertThat(problem.get("limitValue").asLong()).isEqualTo(bound);
        assertThat(problem.get("eventIndex").asInt()).isEqualTo(1);
        assertThat(problem.get("detail").asString()).startsWith("Event 1 is " + (bound - 100) + " bytes, with its "
                + "envelope and CloudEvents attributes ").contains("one JetStream message carries at most");
        assertThat(RAW.messages("inlet.raw." + small)).isEmpty();
        assertThat(RAW.messages("inlet.raw." + large)).isEmpty();
    }
}
