package io.inlet.pipeline.it;

import static io.inlet.pipeline.it.PipelineApps.byEventId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FilteredBy;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.pipeline.Fixtures;
import io.inlet.testsupport.RegistryProcess;
import io.inlet.testsupport.SubjectReader;
import io.inlet.testsupport.UniqueNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A sql step declared in the real registry and run by the pipeline-service on the real NATS JetStream: one frame
 * whose events are reshaped (flattened, cast, derived), filtered by the WHERE, or failed (division by zero, stage
 * transform, with the statement); then a new statement, picked up by the running pipeline.
 */
class SqlStepIT extends SharedPipelineIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PREFIX = UniqueNames.lowerToken("sql_it");
    private static final String ORDERS = PREFIX + ".order.created";
    private static final Duration WAIT = Duration.ofSeconds(30);
    static final String STATEMENT = "SELECT order_id, event.customer.id AS customer_id,"
            + " COALESCE(event.customer.tier, 'free') AS tier, event.items[1].sku AS first_sku,"
            + " CAST(ROUND(total * 100) AS BIGINT) AS total_cents,"
            + " CASE WHEN total >= 100 THEN 'large' ELSE 'small' END AS size,"
            + " 100 / (event.customer.id - 1) AS share, created_at"
            + " FROM event WHERE currency <> 'DKK'";

    private static RegistryProcess registry;

    @BeforeAll
    static void start() {
        registry = RegistryProcess.get();
        registry.register(ORDERS, Fixtures.schema("order.created.v1.json"));
        assertThat(registry.putPipeline(ORDERS, pipeline(STATEMENT))).isEqualTo(1);
        startPipeline(PREFIX, UniqueNames.lowerToken("sql_it_group"), registry.url(),
                "--inlet.registry.cache.refresh-after-write=300ms");
    }

    static String pipeline(String statement) {
        ObjectNode step = JSON.createObjectNode().put("type", "sql").put("statement", statement);
        ObjectNode body = JSON.createObjectNode();
        body.putArray("steps").add(step);
        return body.toString();
    }


    @Test
    void aStatementReshapesFiltersAndFailsEventsOfOneFrameAndAChangeIsPickedUp() {
        List<String> fixtures = Fixtures.events("order.created.valid.ndjson");
        String euro = fixtures.get(0);   // EUR, customer 17, tier pro, total 139.98
        String krone = fixtures.get(1);  // DKK: the WHERE drops it
        ObjectNode customerOne = (ObjectNode) JSON.readTree(euro);
        ((ObjectNode) customerOne.get("customer")).put("id", 1); // 100 / (1 - 1): division by zero
        ObjectNode later = (ObjectNode) JSON.readTree(euro);
        later.put("order_id", "ord_LATER001"); // after the failing row in the same frame
        double filteredBefore = filteredCount();
        try (SubjectReader valid = new SubjectReader(nats, "INLET_VALID", "inlet.valid." + ORDERS);
             SubjectReader errors = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + ORDERS)) {
            FramedEvent kept = PipelineApps.event(euro, null);
            FramedEvent filtered = PipelineApps.event(krone, null);
            FramedEvent failed = PipelineApps.event(customerOne.toString(), null);
            FramedEvent keptAfter = PipelineApps.event(later.toString(), null);
            // one frame: its execution throws at the third row, so the frame runs again event by event and only
            // that row fails
            PipelineApps.publish(nats, ORDERS, List.of(kept, filtered, failed, keptAfter));

            await().atMost(WAIT).until(() -> byEventId(valid.messages()).containsKey(kept.eventId())
                    && byEventId(valid.messages()).containsKey(keptAfter.eventId())
                    && byEventId(errors.messages()).containsKey(failed.eventId()));
            await().atMost(WAIT).until(() -> filteredCount() - filteredBefore == 1.0);

            Map<String, FramedEvent> validById = byEventId(valid.messages());
            assertThat(validById).containsOnlyKeys(kept.eventId(), keptAfter.eventId());
            assertThat(JSON.readTree(validById.get(keptAfter.eventId()).payload()).path("order_id").asString())
                    .isEqualTo("ord_LATER001");
            List<EventFrame> validFrames = valid.messages().stream().map(m -> FrameCodec.decode(m.getData()))
                    .filter(frame -> frame.kind() == EventFrame.Kind.EVENTS).toList();
            assertThat(validFrames).as("one valid frame (beside the filtered one), made by pipeline revision 1")
                    .singleElement().satisfies(frame -> assertThat(frame.pipelineRevision()).isEqualTo(1L));
            JsonNode row = JSON.readTree(validById.get(kept.eventId()).payload());
            assertThat(row.toString()).isEqualTo("{\"order_id\":\"ord_A1B2C3D4\",\"customer_id\":17,"
                    + "\"tier\":\"pro\",\"first_sku\":\"SKU-1\",\"total_cents\":13998,\"size\":\"large\",\"share\":6,"
                    + "\"created_at\":\"2026-11-24T10:00:00.000000Z\"}");

            await().atMost(WAIT).until(() -> PipelineApps.filteredById(valid.messages())
                    .containsKey(filtered.eventId()));
            assertThat(PipelineApps.filteredById(valid.messages()).get(filtered.eventId()).filteredBy())
                    .isEqualTo(new FilteredBy(0, FilteredBy.SQL, STATEMENT, 1L));

            FramedEvent error = byEventId(errors.messages()).get(failed.eventId());
            assertThat(error.failure().stage()).isEqualTo("transform");
            assertThat(error.failure().reason()).isEqualTo("pipeline revision 1, step 0 (sql) failed");
            Violation violation = error.failure().violations().get(0);
            assertThat(violation.keyword()).isEqualTo("sql");
            assertThat(violation.message()).contains("zero").contains("statement: " + STATEMENT);
            assertThat(error.payload()).isEqualTo(failed.payload());

            // a new statement (one more column), picked up by the running pipeline without a restart
            assertThat(registry.putPipeline(ORDERS, pipeline(STATEMENT.replace(" FROM event",
                    ", UPPER(currency) AS currency_code FROM event")))).isEqualTo(2);
            await().atMost(WAIT).untilAsserted(() -> {
                FramedEvent again = PipelineApps.event(euro, null);
                PipelineApps.publish(nats, ORDERS, List.of(again));
                await().atMost(WAIT).until(() -> byEventId(valid.messages()).containsKey(again.eventId()));
                JsonNode changed = JSON.readTree(byEventId(valid.messages()).get(again.eventId()).payload());
                assertThat(changed.path("currency_code").asString()).isEqualTo("EUR");
            });
        }
    }

    private static double filteredCount() {
        return app.getBean(MeterRegistry.class).get("inlet.pipeline.events").tag("outcome", "filtered")
                .counter().count();
    }
}
