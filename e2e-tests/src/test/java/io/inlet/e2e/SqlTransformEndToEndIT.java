package io.inlet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.testsupport.UniqueNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * A sql step end to end: events sent to the gateway, reshaped by one statement in the pipeline, written by the
 * lake with the statement's output row type (not the schema's columns) and read back with DuckDB; a row the
 * statement cannot compute lands in the error lake with stage transform and the statement; a statement that
 * unnests an array of objects (the example pipeline of {@code order.created}) lands a row per item.
 */
class SqlTransformEndToEndIT extends E2eTest {

    private static final Duration LANDING = Duration.ofSeconds(120);
    private static final String SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "additionalProperties": false, "required": ["user_id", "viewed_at"],
             "properties": {
               "user_id": {"type": "string"},
               "viewed_at": {"type": "string", "format": "date-time"},
               "duration_ms": {"type": "integer"},
               "device": {"type": "object", "properties": {"os": {"type": "string"}, "build": {"type": "string"}}}
             }}""";
    static final String STATEMENT = "SELECT user_id, event.device.os AS os, CAST(event.device.build AS BIGINT) AS build,"
            + " CAST(duration_ms AS DOUBLE) / 1000 AS seconds,"
            + " CASE WHEN duration_ms >= 1000 THEN 'long' ELSE 'short' END AS visit, viewed_at"
            + " FROM event WHERE user_id <> 'bot'";

    @Test
    void aStatementFlattensCastsAndDerivesColumnsThatLandTypedInParquet() {
        String type = UniqueNames.lowerToken("e2e_sql") + ".page.viewed";
        inlet.registerSchema(type, SCHEMA);
        ObjectNode step = InletClient.JSON.createObjectNode().put("type", "sql").put("statement", STATEMENT);
        ObjectNode pipeline = InletClient.JSON.createObjectNode();
        pipeline.putArray("steps").add(step);
        assertThat(inlet.putPipeline(type, pipeline.toString())).isEqualTo(1);

        List<String> ids = inlet.send(type, """
                {"user_id":"u-1","viewed_at":"2026-11-24T09:15:02.123Z","duration_ms":5300,"device":{"os":"ios","build":"42"}}
                {"user_id":"u-2","viewed_at":"2026-11-24T09:15:03Z","duration_ms":200,"device":{"os":"android","build":"7"}}
                {"user_id":"bot","viewed_at":"2026-11-24T09:15:04Z","duration_ms":1}
                {"user_id":"u-3","viewed_at":"2026-11-24T09:15:05Z","device":{"os":"ios","build":"x7"}}
                """);
        assertThat(ids).hasSize(4);

        List<Map<String, Object>> rows = awaitRows(stack.lakeBucket, type, "_inlet_event_id, user_id, os, build,"
                + " seconds, visit, epoch_ms(viewed_at) as viewed_ms, typeof(build) as build_type,"
                + " typeof(seconds) as seconds_type, typeof(viewed_at) as viewed_type, typeof(os) as os_type",
                "order by user_id", 2);
        assertThat(rows).extracting(r -> r.get("_inlet_event_id")).containsExactly(ids.get(0), ids.get(1));
        assertThat(rows).extracting(r -> r.get("os")).containsExactly("ios", "android");
        assertThat(rows).extracting(r -> r.get("build")).containsExactly("42", "7");
        assertThat(rows).extracting(r -> r.get("seconds")).containsExactly("5.3", "0.2");
        assertThat(rows).extracting(r -> r.get("visit")).containsExactly("long", "short");
        assertThat(rows.get(0).get("viewed_ms"))
                .isEqualTo(String.valueOf(java.time.Instant.parse("2026-11-24T09:15:02.123Z").toEpochMilli()));
        assertThat(rows.get(0)).containsEntry("build_type", "BIGINT").containsEntry("seconds_type", "DOUBLE")
                .containsEntry("viewed_type", "TIMESTAMP WITH TIME ZONE").containsEntry("os_type", "VARCHAR");
        // the output row type is the table: the input's duration_ms and device are not columns
        List<Map<String, Object>> all = lake.rows(stack.lakeBucket, type, "*", "limit 1");
        assertThat(all.get(0)).doesNotContainKeys("duration_ms", "device");

        List<Map<String, Object>> errors = awaitRows(stack.errorBucket, type,
                "_inlet_event_id, stage, reason, to_json(violations) as violations", "", 1);
        assertThat(errors.get(0)).containsEntry("_inlet_event_id", ids.get(3)).containsEntry("stage", "transform");
        assertThat((String) errors.get(0).get("reason")).contains("step 0 (sql) failed");
        assertThat((String) errors.get(0).get("violations")).contains("x7").contains("CAST(event.device.build AS BIGINT)");
    }

    @Test
    void anUnnestOfTheOrdersItemsLandsARowPerItemTypedAndEachOrderOnce() throws java.io.IOException {
        String type = UniqueNames.lowerToken("e2e_unnest") + ".order.created";
        java.nio.file.Path examples = java.nio.file.Path.of("..", "examples");
        inlet.registerSchema(type, java.nio.file.Files.readString(examples.resolve("schemas/order.created.v1.json")));
        assertThat(inlet.putPipeline(type, java.nio.file.Files.readString(
                examples.resolve("pipelines/order.created.unnest.json")))).isEqualTo(1);
        String orders = java.nio.file.Files.readString(examples.resolve("events/order.created.ndjson"));
        List<String> ids = inlet.send(type, orders);
        int items = 0;
        for (String line : orders.split("\n")) {
            if (!line.isBlank()) {
                items += InletClient.JSON.readTree(line).get("items").size();
            }
        }
        assertThat(items).isGreaterThan(ids.size());

        List<Map<String, Object>> rows = awaitRows(stack.lakeBucket, type, "_inlet_event_id, order_id, line, sku,"
                + " quantity, unit_price, line_total, typeof(line) as line_type, typeof(line_total) as total_type,"
                + " typeof(created_at) as created_type", "order by order_id, line", items);
        assertThat(rows).hasSize(items);
        Map<String, Object> first = rows.stream().filter(r -> "ord_A1B2C3D4".equals(r.get("order_id"))
                && "1".equals(String.valueOf(r.get("line")))).findFirst().orElseThrow();
        assertThat(first).containsEntry("_inlet_event_id", ids.get(0)).containsEntry("sku", "SKU-1")
                .containsEntry("quantity", "2").containsEntry("line_type", "BIGINT")
                .containsEntry("total_type", "DOUBLE").containsEntry("created_type", "TIMESTAMP WITH TIME ZONE");
        assertThat(Double.parseDouble((String) first.get("line_total"))).isEqualTo(19.98);
        // every row of an order carries its event's id; the order's lines are 1..n
        assertThat(rows.stream().filter(r -> ids.get(0).equals(r.get("_inlet_event_id"))).map(r -> r.get("line")))
                .extracting(String::valueOf).containsExactly("1", "2");
    }

    private static List<Map<String, Object>> awaitRows(String bucket, String table, String select, String tail,
                                                       int count) {
        return lake.awaitRows(bucket, table, select, tail, count, LANDING);
    }
}
