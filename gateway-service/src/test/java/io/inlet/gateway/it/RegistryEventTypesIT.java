package io.inlet.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.frame.FramedEvent;
import io.inlet.testsupport.RegistryProcess;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code inlet.gateway.event-types.unknown=reject} against the real schema registry (its own process):
 * registered event types (and registered pinned schema versions) are accepted, anything else is refused
 * with 404 before a single event is published. The shared registry setup ({@link RegistryGatewayIntegrationTest}),
 * so every IT of this kind reuses the context.
 */
class RegistryEventTypesIT extends RegistryGatewayIntegrationTest {

    private static final String SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {"id": {"type": "string"}, "total": {"type": "number"}}}""";

    private static final String REGISTERED = uniqueType("registered");

    private GatewayHttp client;

    @BeforeAll
    static void registerSchema() {
        RegistryProcess.get().register(REGISTERED, SCHEMA);
    }

    @BeforeEach
    void key() {
        client = http().bearer(createKey("registry-it", "it.>"));
    }

    @Test
    void registeredTypeIsAcceptedAndStored() {
        GatewayHttp.Response response = client.post("/v1/events/" + REGISTERED, "application/json",
                "{\"id\":\"reg-1\",\"total\":3}");

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(ids(response.json())).containsExactly("reg-1");
        assertThat(RAW.events("inlet.raw." + REGISTERED)).filteredOn(e -> e.eventId().equals("reg-1"))
                .singleElement().satisfies(e -> {
                    assertThat(e.payload()).isEqualTo("{\"id\":\"reg-1\",\"total\":3}".getBytes(StandardCharsets.UTF_8));
                    assertThat(e.source()).isEqualTo("gateway");
                    assertThat(e.schemaVersion()).isNull();
                });
    }

    @Test
    void unregisteredTypeIsRefusedWith404AndNothingIsStored() {
        String unknown = uniqueType("unregistered");
        GatewayHttp.Response response = client.post("/v1/events/" + unknown, "application/json", "{\"id\":\"u-1\"}");

        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo("urn:inlet:problem:unknown-event-type");
        assertThat(problem.get("reason").asString()).isEqualTo("unknown-event-type");
        assertThat(problem.get("detail").asString())
                .isEqualTo("Event type '" + unknown + "' is not registered in the schema registry");
        assertThat(problem.get("eventType").asString()).isEqualTo(unknown);
        assertThat(RAW.messages("inlet.raw." + unknown)).isEmpty();
    }

    @Test
    void pinnedRegisteredVersionIsAcceptedAndAnUnregisteredOneRefusedWith404() {
        GatewayHttp.Response pinned = client.header("Inlet-Schema-Version", "1")
                .post("/v1/events/" + REGISTERED, "application/json", "{\"id\":\"pin-1\"}");
        GatewayHttp.Response unknownVersion = client.header("Inlet-Schema-Version", "2")
                .post("/v1/events/" + REGISTERED, "application/json", "{\"id\":\"pin-2\"}");

        assertThat(pinned.status()).as(pinned.toString()).isEqualTo(202);
        assertThat(unknownVersion.status()).as(unknownVersion.toString()).isEqualTo(404);
        assertThat(unknownVersion.contentType()).startsWith("application/problem+json");
        JsonNode problem = unknownVersion.json();
        assertThat(problem.get("reason").asString()).isEqualTo("unknown-schema-version");
        assertThat(problem.get("detail").asString())
                .isEqualTo("Schema version 2 of event type '" + REGISTERED + "' is not registered");
        assertThat(problem.get("eventType").asString()).isEqualTo(REGISTERED);
        assertThat(problem.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(RAW.events("inlet.raw." + REGISTERED)).filteredOn(e -> e.eventId().equals("pin-1"))
                .singleElement().extracting(FramedEvent::schemaVersion).isEqualTo(1);
        assertThat(RAW.eventIds("inlet.raw." + REGISTERED)).doesNotContain("pin-2");
    }

    @Test
    void cloudEventsBatchWithOneUnregisteredTypeIsRefusedWhole() {
        String unknown = uniqueType("ce_unregistered");
        String batch = "[" + IngestIT.cloudEvent("cu-1", REGISTERED, "{\"id\":\"cu-1\"}") + ","
                + IngestIT.cloudEvent("cu-2", unknown, "{\"a\":1}") + "]";
        GatewayHttp.Response response = client.post("/v1/events", "application/cloudevents-batch+json", batch);

        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.json().get("detail").asString())
                .isEqualTo("Event type '" + unknown + "' is not registered in the schema registry");
        assertThat(RAW.messages("inlet.raw." + unknown)).isEmpty();
        assertThat(RAW.eventIds("inlet.raw." + REGISTERED)).doesNotContain("cu-1");
    }
}
