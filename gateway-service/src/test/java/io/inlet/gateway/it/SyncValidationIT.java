package io.inlet.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.testsupport.Fixtures;
import io.inlet.testsupport.RegistryProcess;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code ?validate=true} against the real registry (its own process) and NATS: the 202 lists, per event, the
 * violations the pipeline's schema applier will report (the fixtures' expected violations), and every event is
 * published exactly as without the flag. The context is {@code RegistryEventTypesIT}'s ({@link RegistryGatewayIntegrationTest}).
 */
class SyncValidationIT extends RegistryGatewayIntegrationTest {

    private static final String ORDERS = uniqueType("sync_orders");

    private GatewayHttp client;

    @BeforeAll
    static void registerSchema() {
        RegistryProcess.get().register(ORDERS, Fixtures.schema("order.created.v1.json"));
    }

    @BeforeEach
    void key() {
        client = http().bearer(createKey("sync-validation-it", "it.>"));
    }

    @Test
    void everyEventGetsTheViolationsThePipelineWillSeeAndAllArePublished() {
        List<String> invalid = Fixtures.events("order.created.invalid.ndjson");
        List<String> expected = Fixtures.events("order.created.invalid.expected.ndjson");
        String valid = Fixtures.events("order.created.valid.ndjson").get(0);
        List<String> lines = new ArrayList<>();
        lines.add(valid);
        lines.addAll(invalid);
        GatewayHttp.Response response = client.post("/v1/events/" + ORDERS + "?validate=true",
                "application/x-ndjson", String.join("\n", lines));

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        List<String> ids = ids(response.json());
        JsonNode validation = response.json().get("validation");
        assertThat(validation.size()).isEqualTo(lines.size());
        JsonNode ok = validation.get(0);
        assertThat(ok.get("index").asInt()).isZero();
        assertThat(ok.get("id").asString()).isEqualTo(ids.get(0));
        assertThat(ok.get("eventType").asString()).isEqualTo(ORDERS);
        assertThat(ok.get("outcome").asString()).isEqualTo("passed");
        assertThat(ok.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(ok.get("violations")).isEmpty();
        for (int i = 0; i < invalid.size(); i++) {
            JsonNode bad = validation.get(i + 1);
            assertThat(bad.get("id").asString()).isEqualTo(ids.get(i + 1));
            assertThat(bad.get("outcome").asString()).as(bad.toString()).isEqualTo("failed");
            assertThat(bad.get("stage").asString()).isEqualTo("schema");
            assertThat(bad.get("schemaVersion").asInt()).isEqualTo(1);
            List<String> want = GatewayHttp.JSON.readTree(expected.get(i)).valueStream()
                    .map(v -> v.get("instanceLocation").asString() + " " + v.get("keyword").asString()).toList();
            assertThat(bad.get("violations").valueStream()
                    .map(v -> v.get("pointer").asString() + " " + v.get("keyword").asString()))
                    .as("line %d", i + 1).containsExactlyInAnyOrderElementsOf(want);
            assertThat(bad.get("violations").valueStream()).allSatisfy(v ->
                    assertThat(v.get("message").asString()).isNotBlank());
        }
        // Informational only: the invalid events go to inlet.raw like the valid one, unchanged.
        assertThat(RAW.eventIds("inlet.raw." + ORDERS)).containsAll(ids);
    }

    @Test
    void withoutTheFlagTheAnswerHasNoValidation() {
        GatewayHttp.Response response = client.post("/v1/events/" + ORDERS, "application/json",
                Fixtures.events("order.created.invalid.ndjson").get(0));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().has("validation")).isFalse();
        GatewayHttp.Response off = client.post("/v1/events/" + ORDERS + "?validate=false", "application/json",
                Fixtures.events("order.created.invalid.ndjson").get(0));
        assertThat(off.json().has("validation")).isFalse();
    }

    @Test
    void aPinnedVersionIsTheOneChecked() {
        GatewayHttp.Response response = client.header("Inlet-Schema-Version", "1").post("/v1/events/" + ORDERS
                + "?validate", "application/json", Fixtures.events("order.created.valid.ndjson").get(1));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().get("validation").get(0).get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(response.json().get("validation").get(0).get("outcome").asString()).isEqualTo("passed");
    }

    @Test
    void cloudEventsAreCheckedOnTheirData() {
        String batch = "[" + IngestIT.cloudEvent("sv-ce-1", ORDERS, Fixtures.events("order.created.valid.ndjson").get(0))
                + "," + IngestIT.cloudEvent("sv-ce-2", ORDERS, "{\"order_id\":\"A1\"}") + "]";
        GatewayHttp.Response response = client.post("/v1/events?validate=true", "application/cloudevents-batch+json",
                batch);
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        JsonNode validation = response.json().get("validation");
        assertThat(validation.get(0).get("outcome").asString()).isEqualTo("passed");
        assertThat(validation.get(1).get("outcome").asString()).isEqualTo("failed");
        assertThat(validation.get(1).get("violations").valueStream().map(v -> v.get("keyword").asString()))
                .contains("required", "pattern");
        assertThat(RAW.eventIds("inlet.raw." + ORDERS)).contains("sv-ce-1", "sv-ce-2");
    }

    @Test
    void aValidateValueOtherThanTrueOrFalseIsA400AndNothingIsPublished() {
        GatewayHttp.Response response = client.header("Idempotency-Key", "sv-yes").post("/v1/events/" + ORDERS
                + "?validate=yes", "application/json", Fixtures.events("order.created.valid.ndjson").get(0));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("reason").asString()).isEqualTo("invalid-validate-flag");
        assertThat(response.json().get("detail").asString()).contains("validate must be true or false");
        assertThat(RAW.eventIds("inlet.raw." + ORDERS)).noneMatch(id -> id.startsWith("sv-yes"));
    }

    @Test
    void theFlagIsInTheOpenApiDescription() {
        JsonNode parameters = http().get("/v3/api-docs").json().get("paths").get("/v1/events/{eventType}").get("post")
                .get("parameters");
        assertThat(parameters.valueStream().filter(p -> p.get("name").asString().equals("validate")))
                .singleElement().satisfies(p -> {
                    assertThat(p.get("in").asString()).isEqualTo("query");
                    assertThat(p.get("description").asString()).contains("violation");
                });
    }
}
