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
 * Statement outputs in the lake, on the real NATS, S3 and PostgreSQL, read back with DuckDB: a statement changed
 * under compatibility NONE while frames of the old one are still in flight — each frame lands with the output
 * columns of the pipeline revision its envelope names, not the current one's; and a statement that unnests — an
 * event's rows land together, once, however often its frame comes.
 */
class PipelineRevisionLakeIT {

    private static final String TYPE = "rev.order.placed";
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"},"
            + "\"total\":{\"type\":\"number\"}}}";
    private static final String BASKET = "rev.basket.checked_out";
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
        harness.registry.register(BASKET, "{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"},"
                + "\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
                + "\"sku\":{\"type\":\"string\"},\"qty\":{\"type\":\"integer\"}}}}}}");
        harness.registry.pipeline(BASKET, 1, sqlStep("{\"order_id\":{\"type\":[\"string\",\"null\"]},"
                + "\"sku\":{\"type\":[\"string\",\"null\"]},\"qty\":{\"type\":[\"integer\",\"null\"]}}"));
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

    @Test
    void theRowsOfAnUnnestedEventLandTogetherOnceWhenItsFrameComesTwice() {
        ConfigurableApplicationContext lake = harness.start(Map.of("inlet.lake.buffer.max-age", "2s"));
        try {
            EventFrame frame = EventFrame.events(EventType.of(BASKET), harness.fromOneRawMessage(List.of(
                    LakeHarness.validEvent("b-1", AT, 1, "[{\"order_id\":\"o-1\",\"sku\":\"a\",\"qty\":1},"
                            + "{\"order_id\":\"o-1\",\"sku\":\"b\",\"qty\":2}]"),
                    LakeHarness.validEvent("b-2", AT, 1, "[{\"order_id\":\"o-2\",\"sku\":\"c\",\"qty\":3}]"))), 1L);
            harness.publish(harness.validPrefix() + "." + BASKET, frame);
            awaitBasketRows(3);
            // the pipeline re-published the frame (same events, same origins): nothing more lands
            harness.publish(harness.validPrefix() + "." + BASKET, frame);
            EventFrame later = EventFrame.events(EventType.of(BASKET), harness.fromOneRawMessage(List.of(
                    LakeHarness.validEvent("b-3", AT, 1, "[{\"order_id\":\"o-3\",\"sku\":\"d\",\"qty\":4}]"))), 1L);
            harness.publish(harness.validPrefix() + "." + BASKET, later);
            awaitBasketRows(4);

            List<Map<String, Object>> rows = harness.query(harness.lakeBucket, BASKET,
                    "SELECT _inlet_event_id AS id, order_id, sku, qty, typeof(qty) AS qty_type, filename AS file"
                            + " FROM lake ORDER BY id, sku", ", filename = true");
            assertThat(rows).extracting(r -> r.get("id") + "/" + r.get("sku") + "/" + r.get("qty"))
                    .containsExactly("b-1/a/1", "b-1/b/2", "b-2/c/3", "b-3/d/4");
            assertThat(rows.get(0)).containsEntry("qty_type", "BIGINT");
            assertThat(rows.get(0).get("file")).isEqualTo(rows.get(1).get("file"));
            assertThat(harness.number("select sum(row_count) from lake_file where event_type = '" + BASKET + "'"))
                    .isEqualTo(4);
        } finally {
            lake.close();
        }
    }

    private static void awaitBasketRows(int count) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(IllegalStateException.class)
                .untilAsserted(() -> assertThat(harness.query(harness.lakeBucket, BASKET,
                        "SELECT _inlet_event_id FROM lake")).hasSize(count));
    }

    private static void publish(long revision, io.inlet.contracts.frame.FramedEvent event) {
        EventFrame frame = EventFrame.events(EventType.of(TYPE), harness.fromOneRawMessage(List.of(event)), revision);
        harness.publish(harness.validPrefix() + "." + TYPE, frame);
    }
}
