package io.inlet.pipeline.it;

import io.inlet.testsupport.SubjectReader;
import static io.inlet.pipeline.it.PipelineApps.byEventId;
import static io.inlet.pipeline.it.PipelineApps.filteredById;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.FilteredBy;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.pipeline.Fixtures;
import io.inlet.testsupport.RegistryProcess;
import io.inlet.testsupport.UniqueNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Message;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event type's pipeline steps, declared in the real registry, applied by the pipeline-service on
 * the real NATS JetStream to the events of one frame: rename, drop, filter and derive on inlet.valid; a failing
 * derive on inlet.errors with stage transform.
 */
class PipelineStepsIT extends SharedPipelineIT {

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

    private static long ordersV1;
    private static String group;

    @BeforeAll
    static void start() {
        RegistryProcess registry = RegistryProcess.get();
        ordersV1 = registry.register(ORDERS, Fixtures.schema("order.created.v1.json"));
        assertThat(registry.putPipeline(ORDERS, STEPS)).isEqualTo(1);
        group = UniqueNames.lowerToken("steps_it_group");
        startPipeline(PREFIX, group, registry.url(), "--spring.cloud.stream.nats.binder.lag-interval=300ms");
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
            // one frame, three outcomes: kept, filtered out, failed
            FramedEvent kept = PipelineApps.event(euro, null);
            FramedEvent filtered = PipelineApps.event(krone, null);
            FramedEvent failed = PipelineApps.event(noShipBy.toString(), null);
            PipelineApps.publish(nats, ORDERS, List.of(kept, filtered, failed));

            await().atMost(WAIT).until(() -> byEventId(valid.messages()).containsKey(kept.eventId())
                    && filteredById(valid.messages()).containsKey(filtered.eventId())
                    && byEventId(errors.messages()).containsKey(failed.eventId()));
            await().atMost(WAIT).untilAsserted(() -> {
                ConsumerInfo info = nats.jetStreamManagement().getConsumerInfo("INLET_EVENTS", group);
                assertThat(info.getNumPending()).isZero();
                assertThat(info.getNumAckPending()).isZero();
            });
            assertThat(filteredCount() - filteredBefore).isEqualTo(1.0);

            assertThat(valid.messages()).as("the valid frame and the filtered frame").hasSize(2);
            Map<String, FramedEvent> filteredById = filteredById(valid.messages());
            assertThat(filteredById).containsOnlyKeys(filtered.eventId());
            FramedEvent dropped = filteredById.get(filtered.eventId());
            assertThat(dropped.filteredBy()).isEqualTo(new FilteredBy(2, "filter", "currency != 'DKK'", 1L));
            assertThat(dropped.origin()).isEqualTo(filtered.origin());
            assertThat(dropped.payload()).isEmpty();
            Message filteredMessage = PipelineApps.messageOf(valid.messages(), filtered.eventId());
            assertThat(filteredMessage.getHeaders().getFirst("Nats-Msg-Id")).as("deterministic, from the input")
                    .startsWith("pipeline:INLET_EVENTS@").contains(":filtered:");
            Map<String, FramedEvent> validById = byEventId(valid.messages());
            assertThat(validById).containsOnlyKeys(kept.eventId());
            FramedEvent typed = validById.get(kept.eventId());
            assertThat(typed.schemaId()).isEqualTo(ordersV1);
            assertThat(typed.origin()).isEqualTo(kept.origin());
            JsonNode record = JSON.readTree(typed.payload());
            assertThat(record.get("customer").toString())
                    .isEqualTo("{\"id\":17,\"email\":\"ada@example.com\",\"plan\":\"pro\"}");
            assertThat(record.has("coupon")).isFalse();
            assertThat(record.get("total_cents").asDouble()).isCloseTo(13998.0, within(1e-6));
            assertThat(record.at("/shipping/label").asString()).isEqualTo("ship by 2026-11-27");
            assertThat(record.get("created_at").asString()).isEqualTo("2026-11-24T10:00:00.000000Z");

            assertThat(errors.messages()).hasSize(1);
            Map<String, FramedEvent> errorsById = byEventId(errors.messages());
            assertThat(errorsById).containsOnlyKeys(failed.eventId());
            FramedEvent error = errorsById.get(failed.eventId());
            assertThat(error.failure().stage()).isEqualTo("transform");
            assertThat(error.failure().reason()).isEqualTo("pipeline revision 1, step 4 (derive) failed");
            assertThat(error.schemaId()).isEqualTo(ordersV1);
            assertThat(error.schemaVersion()).isEqualTo(1);
            assertThat(error.origin()).isEqualTo(failed.origin());
            assertThat(error.failure().violations()).hasSize(1);
            Violation violation = error.failure().violations().get(0);
            assertThat(violation.pointer()).isEqualTo("/shipping/label");
            assertThat(violation.keyword()).isEqualTo("derive");
            assertThat(violation.message()).startsWith("pipeline step 4 (derive): ").contains("ship_by");
            // the original event is kept, untransformed, so it can be replayed once the steps are fixed
            assertThat(error.payload()).isEqualTo(failed.payload());
        }
    }

    @Test
    void prometheusShowsTheStagesEventsAndTheLagOfItsBinding() {
        String baseUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        await().atMost(WAIT).untilAsserted(() -> {
            String scrape = io.inlet.testsupport.PrometheusScrapes.scrapeAndSave(baseUrl, "pipeline-service");
            assertThat(scrape).containsPattern("(?m)^inlet_pipeline_events_total\\{outcome=\"valid\"} ");
            for (String gauge : List.of("pending", "ack_pending", "redelivered")) {
                assertThat(scrape).containsPattern("(?m)^inlet_binder_consumer_lag_" + gauge
                        + "\\{binding=\"applySchemas-in-0\",group=\"" + group + "\",stream=\"INLET_EVENTS\"} ");
            }
        });
    }

    private static double filteredCount() {
        return app.getBean(MeterRegistry.class).get("inlet.pipeline.events").tag("outcome", "filtered")
                .counter().count();
    }
}
