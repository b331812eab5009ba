package io.inlet.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code ?validate=true} on a gateway without a registry ({@code unknown=accept}, the shared IT context): each event
 * is {@code unchecked} with the reason, and published as always.
 */
class SyncValidationWithoutRegistryIT extends GatewayIntegrationTest {

    @Test
    void everyEventIsUncheckedAndStillPublished() {
        String type = uniqueType("sync_no_registry");
        GatewayHttp.Response response = http().bearer(createKey("sync-no-registry", "it.>"))
                .post("/v1/events/" + type + "?validate=true", "application/json", "[{\"id\":\"nr-1\"},{\"id\":\"nr-2\"}]");

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        JsonNode validation = response.json().get("validation");
        assertThat(validation.valueStream().map(v -> v.get("outcome").asString())).containsExactly("unchecked",
                "unchecked");
        assertThat(validation.get(0).get("reason").asString()).contains("inlet.registry.url");
        assertThat(RAW.eventIds("inlet.raw." + type)).containsExactly("nr-1", "nr-2");
    }
}
