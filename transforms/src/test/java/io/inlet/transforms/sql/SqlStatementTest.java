package io.inlet.transforms.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inlet.transforms.StepFailure;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SqlStatementTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final JsonNode BASKET = JSON.readTree("""
            {"type": "object", "properties": {
               "order_id": {"type": "string"},
               "tags": {"type": "array", "items": {"type": "string"}},
               "items": {"type": "array", "items": {"type": "object", "properties": {
                   "sku": {"type": "string"}, "qty": {"type": "integer"},
                   "size": {"type": "object", "properties": {"w": {"type": "number"}}}}}}}}
            """);

    static final JsonNode ORDER = JSON.readTree("""
            {"type": "object",
             "properties": {
               "order_id": {"type": "string"},
               "amount": {"type": "number"},
               "quantity": {"type": "integer"},
               "code": {"type": "string"},
               "created_at": {"type": "string", "format": "date-time"},
               "customer": {"type": "object", "properties": {
                   "id": {"type": "string"}, "tier": {"type": ["string", "null"]}}},
               "tags": {"type": "array", "items": {"type": "string"}}
             },
             "required": ["order_id", "amount"]}
            """);

    private static JsonNode event(String json) {
        return JSON.readTree(json);
    }

    @Test
    void flattensCastsAndDerivesColumns() {
        SqlStatement statement = SqlStatement.compile("""
                SELECT order_id, event.customer.id AS customer_id, CAST(code AS INTEGER) AS code,
                       amount * quantity AS total,
                       CASE WHEN amount > 100 THEN 'big' ELSE 'small' END AS size,
                       CARDINALITY(tags) AS tag_count, created_at
                FROM event WHERE quantity > 0""", ORDER);

        JsonNode row = statement.evaluate(event("""
                {"order_id": "o-1", "amount": 150.5, "quantity": 2, "code": "42",
                 "created_at": "2026-12-01T10:00:00.123000Z",
                 "customer": {"id": "c-9", "tier": null}, "tags": ["a", "b"]}""")).orElseThrow();

        assertThat(row.toString()).isEqualTo("{\"order_id\":\"o-1\",\"customer_id\":\"c-9\",\"code\":42,"
                + "\"total\":301.0,\"size\":\"big\",\"tag_count\":2,\"created_at\":\"2026-12-01T10:00:00.123000Z\"}");
        assertThat(statement.outputSchema().toString()).contains("\"code\":{\"type\":[\"integer\",\"null\"]}",
                "\"size\":{\"type\":\"string\"}", "\"created_at\":{\"format\":\"date-time\",\"type\":[\"string\",\"null\"]}");
    }

    @Test
    void evaluatesAFrameInOneExecutionAndMapsEachRowBackToItsEvent() {
        SqlStatement statement = SqlStatement.compile(
                "SELECT order_id, amount * quantity AS total FROM event WHERE quantity > 0", ORDER);

        SqlStatement.FrameResult frame = statement.evaluateFrame(List.of(
                event("{\"order_id\": \"o-1\", \"amount\": 2.5, \"quantity\": 2}"),
                event("{\"order_id\": \"o-2\", \"amount\": 1, \"quantity\": 0}"),
                event("{\"order_id\": \"o-3\", \"amount\": 3, \"quantity\": 1}"),
                event("{\"order_id\": \"o-4\", \"amount\": 1}")));

        assertThat(statement.executesPerFrame()).isTrue();
        assertThat(frame.executions()).isEqualTo(1);
        assertThat(frame.results()).extracting(r -> r.output() == null ? "filtered" : r.output().toString()).containsExactly(
                "{\"order_id\":\"o-1\",\"total\":5.0}", "filtered", "{\"order_id\":\"o-3\",\"total\":3.0}",
                "filtered");
    }

    @Test
    void aRowThatCannotBeComputedFailsOnlyItsEventTheFrameRunningAgainEventByEvent() {
        SqlStatement statement = SqlStatement.compile(
                "SELECT order_id, CAST(code AS INTEGER) AS code FROM event WHERE quantity > 0", ORDER);

        SqlStatement.FrameResult frame = statement.evaluateFrame(List.of(
                event("{\"order_id\": \"o-1\", \"amount\": 1, \"quantity\": 1, \"code\": \"1\"}"),
                event("{\"order_id\": \"o-2\", \"amount\": 1, \"quantity\": 1, \"code\": \"x\"}"),
                event("{\"order_id\": \"o-3\", \"amount\": 1, \"quantity\": 0, \"code\": \"y\"}"),
                event("{\"order_id\": \"o-4\", \"amount\": 1, \"quantity\": 1, \"code\": \"4\"}")));

        assertThat(frame.executions()).isEqualTo(1 + 4);
        List<SqlStatement.Result> results = frame.results();
        assertThat(results.get(0).output().toString()).isEqualTo("{\"order_id\":\"o-1\",\"code\":1}");
        assertThat(results.get(1).output()).isNull();
        assertThat(results.get(1).failure()).contains("x");
        assertThat(results.get(2).filtered()).isTrue();
        assertThat(results.get(3).output().toString()).isEqualTo("{\"order_id\":\"o-4\",\"code\":4}");
    }

    @Test
    void whereThatIsNotTrueGivesNoRow() {
        SqlStatement statement = SqlStatement.compile("SELECT order_id FROM event WHERE quantity > 0", ORDER);

        assertThat(statement.evaluate(event("{\"order_id\": \"o\", \"amount\": 1, \"quantity\": 0}"))).isEmpty();
        assertThat(statement.evaluate(event("{\"order_id\": \"o\", \"amount\": 1}"))).isEmpty();
        assertThat(statement.evaluate(event("{\"order_id\": \"o\", \"amount\": 1, \"quantity\": 3}")))
                .hasValueSatisfying(r -> assertThat(r.toString()).isEqualTo("{\"order_id\":\"o\"}"));
    }

    @Test
    void readsEveryColumnTheSelectAndTheWhereName() {
        SqlStatement statement = SqlStatement.compile(
                "SELECT amount / quantity AS unit, order_id FROM event WHERE code = 'x' AND quantity > 0", ORDER);

        assertThat(statement.evaluate(event("{\"order_id\": \"o\", \"amount\": 9, \"quantity\": 3, "
                + "\"code\": \"x\", \"tags\": [\"unread\"]}")))
                .hasValueSatisfying(r -> assertThat(r.toString()).isEqualTo("{\"unit\":3.0,\"order_id\":\"o\"}"));
    }

    @Test
    void aRowThatCannotBeComputedIsAStepFailure() {
        SqlStatement cast = SqlStatement.compile("SELECT CAST(code AS INTEGER) AS code FROM event", ORDER);
        SqlStatement division = SqlStatement.compile("SELECT quantity / (quantity - 2) AS q FROM event", ORDER);

        assertThatThrownBy(() -> cast.evaluate(event("{\"order_id\": \"o\", \"amount\": 1, \"code\": \"x1\"}")))
                .isInstanceOf(StepFailure.class).hasMessageContaining("x1");
        assertThatThrownBy(() -> division.evaluate(event("{\"order_id\": \"o\", \"amount\": 1, \"quantity\": 2}")))
                .isInstanceOf(StepFailure.class).hasMessageContaining("zero");
    }

    @Test
    void refusesWhatDoesNotParseWithItsPosition() {
        assertThatThrownBy(() -> SqlStatement.compile("SELECT order_id FROM event WHERE", ORDER))
                .isInstanceOf(SqlRefusedException.class).hasMessageContaining("does not parse")
                .satisfies(e -> assertThat(((SqlRefusedException) e).line()).isEqualTo(1));
    }

    @Test
    void refusesAnUnknownColumnWithItsPosition() {
        assertThatThrownBy(() -> SqlStatement.compile("SELECT order_id, nope FROM event", ORDER))
                .isInstanceOf(SqlRefusedException.class).hasMessageContaining("nope")
                .satisfies(e -> assertThat(((SqlRefusedException) e).column()).isEqualTo(18));
    }

    @Test
    void refusesAnythingButOneSelectOverEvent() {
        for (String sql : new String[] {
                "SELECT * FROM other",
                "SELECT * FROM event, event AS e2",
                "SELECT * FROM event JOIN event AS e2 ON TRUE",
                "SELECT * FROM (SELECT * FROM event)",
                "SELECT order_id FROM event UNION SELECT order_id FROM event",
                "DELETE FROM event",
                "INSERT INTO event (order_id) VALUES ('x')",
                "SELECT COUNT(*) AS n FROM event",
                "SELECT order_id FROM event GROUP BY order_id",
                "SELECT order_id FROM event ORDER BY order_id",
                "SELECT order_id, (SELECT 1 FROM event) AS x FROM event",
                "SELECT CURRENT_TIMESTAMP AS now FROM event",
                "SELECT RAND() AS r FROM event",
                "SELECT my_function(order_id) AS x FROM event",
                "CREATE TABLE t (a INT)",
                "SELECT t.x FROM event, UNNEST(event.tags, event.tags) AS t(x, y)",
                "SELECT t.x FROM event JOIN UNNEST(event.tags) AS t(x) ON t.x = 'a'",
                "SELECT t.x FROM event, UNNEST(ARRAY[RAND()]) AS t(x)",
                "SELECT t.x FROM event, UNNEST((SELECT tags FROM event)) AS t(x)",
                "SELECT UNNEST(tags) AS x FROM event",
                "SELECT t.x FROM event, other AS t",
                "SELECT NULL AS nothing FROM event",
                "SELECT order_id, order_id FROM event"}) {
            assertThatThrownBy(() -> SqlStatement.compile(sql, ORDER)).as(sql)
                    .isInstanceOf(SqlRefusedException.class);
        }
    }

    private static final List<JsonNode> BASKETS = List.of(
            event("{\"order_id\": \"o1\", \"tags\": [\"a\", \"b\"], \"items\": [{\"sku\": \"s1\", \"qty\": 2, "
                    + "\"size\": {\"w\": 1.5}}, {\"sku\": \"s2\", \"qty\": 3}]}"),
            event("{\"order_id\": \"o2\"}"),
            event("{\"order_id\": \"o3\", \"items\": [{\"sku\": \"s3\", \"qty\": 1}]}"));

    private static List<String> outputs(SqlStatement.FrameResult frame) {
        return frame.results().stream().map(r -> r.failure() != null ? "failed: " + r.failure()
                : r.filtered() ? "filtered" : r.output().toString()).toList();
    }

    @Test
    void aValueTheSchemaLeavesOpenReadsAsItsJsonTextAsTheLakeStoresIt() {
        JsonNode schema = JSON.readTree("{\"type\":\"object\",\"properties\":{"
                + "\"either\":{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]},"
                + "\"attrs\":{\"type\":\"object\"},\"code\":{\"enum\":[\"a\",\"b\"]}}}");
        SqlStatement statement = SqlStatement.compile("SELECT either, JSON_VALUE(either, '$') AS v, "
                + "JSON_VALUE(attrs, '$.k') AS k, code FROM event", schema);

        assertThat(statement.evaluate(event("{\"either\": \"x\", \"attrs\": {\"k\": 1}, \"code\": \"a\"}"))
                .orElseThrow().toString())
                .isEqualTo("{\"either\":\"\\\"x\\\"\",\"v\":\"x\",\"k\":\"1\",\"code\":\"a\"}");
        assertThat(statement.evaluate(event("{\"either\": 7}")).orElseThrow().toString())
                .isEqualTo("{\"either\":\"7\",\"v\":\"7\",\"k\":null,\"code\":null}");
    }

    @Test
    void anArrayOfObjectsIsAnArrayOfRows() {
        SqlStatement statement = SqlStatement.compile("SELECT order_id, event.items[1].sku AS first_sku, "
                + "event.items[1].size.w AS first_w, CARDINALITY(items) AS n, items FROM event", BASKET);

        assertThat(statement.unnests()).isFalse();
        assertThat(outputs(statement.evaluateFrame(BASKETS))).containsExactly(
                "{\"order_id\":\"o1\",\"first_sku\":\"s1\",\"first_w\":1.5,\"n\":2,\"items\":[{\"sku\":\"s1\","
                        + "\"qty\":2,\"size\":{\"w\":1.5}},{\"sku\":\"s2\",\"qty\":3,\"size\":null}]}",
                "{\"order_id\":\"o2\",\"first_sku\":null,\"first_w\":null,\"n\":null,\"items\":null}",
                "{\"order_id\":\"o3\",\"first_sku\":\"s3\",\"first_w\":null,\"n\":1,\"items\":[{\"sku\":\"s3\","
                        + "\"qty\":1,\"size\":null}]}");
        assertThat(statement.outputSchema().at("/properties/items/items/properties/size/properties/w/type").toString())
                .isEqualTo("[\"number\",\"null\"]");
    }

    @Test
    void unnestGivesAnEventItsRowsInOneExecutionPerFrame() {
        SqlStatement statement = SqlStatement.compile("SELECT e.order_id, i.sku, i.qty * 10 AS units, i.size.w AS w "
                + "FROM event AS e CROSS JOIN UNNEST(e.items) AS i", BASKET);

        SqlStatement.FrameResult frame = statement.evaluateFrame(BASKETS);

        assertThat(statement.unnests()).isTrue();
        assertThat(statement.executesPerFrame()).isTrue();
        assertThat(frame.executions()).isEqualTo(1);
        assertThat(outputs(frame)).containsExactly(
                "[{\"order_id\":\"o1\",\"sku\":\"s1\",\"units\":20,\"w\":1.5},"
                        + "{\"order_id\":\"o1\",\"sku\":\"s2\",\"units\":30,\"w\":null}]",
                "filtered",
                "[{\"order_id\":\"o3\",\"sku\":\"s3\",\"units\":10,\"w\":null}]");
        assertThat(statement.outputSchema().at("/properties").propertyNames())
                .containsExactly("order_id", "sku", "units", "w");
        assertThat(statement.evaluateFrame(BASKETS.subList(0, 1)).results())
                .isEqualTo(frame.results().subList(0, 1));
    }

    @Test
    void unnestWithOrdinalityLeftJoinsAndWhere() {
        SqlStatement ordinality = SqlStatement.compile("SELECT e.order_id, i.sku, i.ORDINALITY AS n FROM event e, "
                + "UNNEST(e.items) WITH ORDINALITY AS i WHERE i.qty > 1", BASKET);
        SqlStatement left = SqlStatement.compile("SELECT e.order_id, t.tag FROM event e "
                + "LEFT JOIN UNNEST(e.tags) AS t(tag) ON TRUE", BASKET);
        SqlStatement twice = SqlStatement.compile("SELECT e.order_id, i.sku, t.tag FROM event e, "
                + "UNNEST(e.items) AS i, UNNEST(e.tags) AS t(tag)", BASKET);

        assertThat(outputs(ordinality.evaluateFrame(BASKETS))).containsExactly(
                "[{\"order_id\":\"o1\",\"sku\":\"s1\",\"n\":1},{\"order_id\":\"o1\",\"sku\":\"s2\",\"n\":2}]",
                "filtered", "filtered");
        assertThat(outputs(left.evaluateFrame(BASKETS))).containsExactly(
                "[{\"order_id\":\"o1\",\"tag\":\"a\"},{\"order_id\":\"o1\",\"tag\":\"b\"}]",
                "[{\"order_id\":\"o2\",\"tag\":null}]", "[{\"order_id\":\"o3\",\"tag\":null}]");
        assertThat(outputs(twice.evaluateFrame(BASKETS)).get(0)).isEqualTo("[{\"order_id\":\"o1\",\"sku\":\"s1\","
                + "\"tag\":\"a\"},{\"order_id\":\"o1\",\"sku\":\"s1\",\"tag\":\"b\"},{\"order_id\":\"o1\","
                + "\"sku\":\"s2\",\"tag\":\"a\"},{\"order_id\":\"o1\",\"sku\":\"s2\",\"tag\":\"b\"}]");
    }

    @Test
    void anArrayOfObjectsIsUnnestedWithItsFieldNamesNotAPositionalColumnList() {
        assertThatThrownBy(() -> SqlStatement.compile("SELECT i.sku FROM event e, "
                + "UNNEST(e.items) WITH ORDINALITY AS i(sku, qty, size, n)", BASKET))
                .isInstanceOf(SqlRefusedException.class).hasMessageContaining("without a column list")
                .hasMessageContaining("sku, qty, size");
        assertThat(SqlStatement.compile("SELECT t.tag, t.n FROM event e, UNNEST(e.tags) WITH ORDINALITY AS t(tag, n)",
                BASKET).evaluate(BASKETS.get(0)).orElseThrow().toString())
                .isEqualTo("[{\"tag\":\"a\",\"n\":1},{\"tag\":\"b\",\"n\":2}]");
    }

    @Test
    void anUnnestedRowThatCannotBeComputedFailsOnlyItsEvent() {
        SqlStatement statement = SqlStatement.compile("SELECT e.order_id, 10 / (i.qty - 3) AS q "
                + "FROM event e CROSS JOIN UNNEST(e.items) AS i", BASKET);

        SqlStatement.FrameResult frame = statement.evaluateFrame(BASKETS);

        assertThat(frame.executions()).isEqualTo(1 + 3);
        assertThat(outputs(frame).get(0)).startsWith("failed: ").contains("zero");
        assertThat(outputs(frame).subList(1, 3)).containsExactly("filtered", "[{\"order_id\":\"o3\",\"q\":-5}]");
    }

    @Test
    void anEventGivesAtMostTheLimitOfRows() {
        StringBuilder tags = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            tags.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        SqlStatement statement = SqlStatement.compile("SELECT a.x, b.y FROM event e, UNNEST(e.tags) AS a(x), "
                + "UNNEST(e.tags) AS b(y)", BASKET);

        assertThatThrownBy(() -> statement.evaluate(event("{\"tags\": [" + tags + "]}")))
                .isInstanceOf(StepFailure.class).hasMessageContaining("more than " + SqlStatement.MAX_ROWS_PER_EVENT);
    }
}
