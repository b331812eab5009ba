package io.inlet.lake.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.EventType;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.lake.support.LakeHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A statement changed under compatibility NONE while frames of the old one are still in flight: the lake, on the
 * real NATS, S3 and PostgreSQL, writes each frame with the output columns of the pipeline revision its envelope
 * names, not the current one's; read back with DuckDB.
 */
class PipelineRevisionLakeIT {

    private static final String TYPE = "rev.order.placed";
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"},"
            + "\"total\":{\"type\":\"number\"}}}";
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    private static LakeHarness harness;

    @BeforeAll
    static void setUp() {
        harness = new LakeHarness("lake-revision");
        harness.registry.register(TYPE, SCHEMA);
        // revision 1 wrote total_cents as an integer; revision 2 (NONE) drops it and types a new column
        harness.registry.pipeline(TYPE, 1, sqlStep("{\"order_id\":{\"type\":[\"string\",\"null\"]},"
                + "\"total_cents\":{\"type\":[\"integer\",\"null\"]}}"));
        harness.registry.pipeline(TYPE, 2, sqlStep("{\"order_id\":{\"type\":[\"string\",\"null\"]},"
                + "\"size\":{\"type\":[\"string\",\"null\"]}}"));
    }

    @AfterAll
    static void tearDown() {
        harness.close();
    }

    private static String sqlStep(String outputProperties) {
        return "[{\"type\":\"sql\",\"statement\":\"SELECT 1 FROM event\",\"output\":{\"type\":\"object\","
                + "\"properties\":" + outputProperties + ",\"additionalProperties\":false}}]";
    }

    @Test
    void eachFrameLandsWithTheColumnsOfThePipelineRevisionThatMadeIt() {
        ConfigurableApplicationContext lake = harness.start(Map.of("inlet.lake.buffer.max-age", "2s"));
        try {
            // revision 2 is current; a frame of revision 1 was still in flight
            publish(1L, LakeHarness.validEvent("rev-1", AT, 1, "{\"order_id\":\"o-1\",\"total_cents\":1250}"));
            publish(2L, LakeHarness.validEvent("rev-2", AT, 1, "{\"order_id\":\"o-2\",\"size\":\"large\"}"));

            await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(IllegalStateException.class)
                    .untilAsserted(() -> assertThat(harness.query(harness.lakeBucket,
                    TYPE, "SELECT _inlet_event_id FROM lake")).hasSize(2));
            List<Map<String, Object>> rows = harness.query(harness.lakeBucket, TYPE,
                    "SELECT _inlet_event_id AS id, order_id, total_cents, typeof(total_cents) AS cents_type, size"
                            + " FROM lake ORDER BY id");
            assertThat(rows.get(0)).containsEntry("id", "rev-1").containsEntry("order_id", "o-1")
                    .containsEntry("total_cents", 1250L).containsEntry("cents_type", "BIGINT")
                    .containsEntry("size", null);
            assertThat(rows.get(1)).containsEntry("id", "rev-2").containsEntry("order_id", "o-2")
                    .containsEntry("total_cents", null).containsEntry("size", "large");
            assertThat(harness.registry.requests()).contains("GET /subjects/" + TYPE + "/pipeline/revisions/1",
                    "GET /subjects/" + TYPE + "/pipeline/revisions/2");
        } finally {
            lake.close();
        }
    }

    private static void publish(long revision, io.inlet.contracts.frame.FramedEvent event) {
        EventFrame frame = EventFrame.events(EventType.of(TYPE), harness.fromOneRawMessage(List.of(event)), revision);
        harness.publish(harness.validPrefix() + "." + TYPE, frame);
    }
}
