package io.inlet.pipeline.it;

import io.inlet.testsupport.SubjectReader;
import static io.inlet.pipeline.it.SchemaApplierIT.byEventId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.InletHeaders;
import io.inlet.pipeline.Fixtures;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.RegistryProcess;
import io.inlet.testsupport.UniqueNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event type's pipeline steps, declared in the real registry, applied by the pipeline-service on
 * the real NATS JetStream: rename, drop, filter and derive on inlet.valid; a failing derive on
 * inlet.errors with stage transform.
 */
class PipelineStepsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PREFIX = UniqueNames.lowerToken("steps_it");
    private static final String ORDERS = PREFIX + ".order.created";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String STEPS = """
            {"steps": [
              {"type": "rename", "from": "/customer/tier", "to": "/customer/plan", "required": true},
              {"type": "drop", "path": "/coupon"},
              {"type": "filter", "expression": "currency != 'DKK'"},
              {"type": "derive", "path": "/total_cents", "expression": "total * 100"},
              {"type": "derive", "path": "/shipping/label", "expression": "'ship by ' + ship_by"}
            ]}""";

    private static Connection nats;
    private static ConfigurableApplicationContext app;
    private static long ordersV1;
    private static String group;

    @BeforeAll
    static void start() {
        RegistryProcess registry = RegistryProcess.get();
        ordersV1 = registry.register(ORDERS, Fixtures.schema("order.created.v1.json"));
        assertThat(registry.putPipeline(ORDERS, STEPS)).isEqualTo(1);
        nats = Infrastructure.nats().connect();
        group = UniqueNames.lowerToken("steps_it_group");
        app = PipelineApps.start(PREFIX, group, registry.url());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void stepsShapeValidRecordsFilterSomeAndSendFailuresToTheErrorLake() {
        List<String> fixtures = Fixtures.events("order.created.valid.ndjson");
        String euro = fixtures.get(0);  // EUR, tier pro, coupon null, ship_by set
        String krone = fixtures.get(1); // DKK: filtered out
        ObjectNode noShipBy = (ObjectNode) JSON.readTree(euro);
        noShipBy.remove("ship_by");     // the last derive cannot read ship_by: transform error
        double filteredBefore = filteredCount();
        try (SubjectReader valid = new SubjectReader(nats, "INLET_VALID", "inlet.valid." + ORDERS);
             SubjectReader errors = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + ORDERS)) {
            String kept = PipelineApps.publish(nats, ORDERS, euro, null);
            String filtered = PipelineApps.publish(nats, ORDERS, krone, null);
            String failed = PipelineApps.publish(nats, ORDERS, noShipBy.toString(), null);

            await().atMost(WAIT).until(() -> byEventId(valid.messages()).containsKey(kept)
                    && byEventId(errors.messages()).containsKey(failed));
            await().atMost(WAIT).untilAsserted(() -> {
                ConsumerInfo info = nats.jetStreamManagement().getConsumerInfo("INLET_EVENTS", group);
                assertThat(info.getNumPending()).isZero();
                assertThat(info.getNumAckPending()).isZero();
            });
            assertThat(filteredCount() - filteredBefore).isEqualTo(1.0);

            Map<String, Message> validById = byEventId(valid.messages());
            assertThat(validById).containsOnlyKeys(kept);
            Message message = validById.get(kept);
            assertThat(message.getHeaders().getFirst(InletHeaders.SCHEMA_ID)).isEqualTo(Long.toString(ordersV1));
            assertThat(message.getHeaders().getFirst(InletHeaders.NATS_MSG_ID)).isEqualTo(ORDERS + ":" + kept);
            JsonNode record = JSON.readTree(message.getData());
            assertThat(record.get("customer").toString())
                    .isEqualTo("{\"id\":17,\"email\":\"ada@example.com\",\"plan\":\"pro\"}");
            assertThat(record.has("coupon")).isFalse();
            assertThat(record.get("total_cents").asDouble()).isCloseTo(13998.0, within(1e-6));
            assertThat(record.at("/shipping/label").asString()).isEqualTo("ship by 2026-11-27");
            assertThat(record.get("created_at").asString()).isEqualTo("2026-11-24T10:00:00.000000Z");

            Map<String, Message> errorsById = byEventId(errors.messages());
            assertThat(errorsById).containsOnlyKeys(failed);
            Message errorMessage = errorsById.get(failed);
            assertThat(errorMessage.getHeaders().getFirst(InletHeaders.ERROR_STAGE)).isEqualTo("transform");
            JsonNode error = JSON.readTree(errorMessage.getData());
            assertThat(error.get("stage").asString()).isEqualTo("transform");
            assertThat(error.get("reason").asString()).isEqualTo("pipeline revision 1, step 4 (derive) failed");
            assertThat(error.get("schemaId").asLong()).isEqualTo(ordersV1);
            assertThat(error.get("schemaVersion").asInt()).isEqualTo(1);
            assertThat(error.get("violations")).hasSize(1);
            JsonNode violation = error.get("violations").get(0);
            assertThat(violation.get("pointer").asString()).isEqualTo("/shipping/label");
            assertThat(violation.get("keyword").asString()).isEqualTo("derive");
            assertThat(violation.get("message").asString()).startsWith("pipeline step 4 (derive): ").contains("ship_by");
            // the original event is kept, untransformed, so it can be replayed once the steps are fixed
            assertThat(JSON.readTree(error.get("payload").asString())).isEqualTo(noShipBy);
        }
    }

    private static double filteredCount() {
        return app.getBean(MeterRegistry.class).get("inlet.pipeline.events").tag("outcome", "filtered")
                .counter().count();
    }
}
