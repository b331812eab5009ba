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
        assertThat(frame.results()).extracting(r -> r.row() == null ? "filtered" : r.row().toString()).containsExactly(
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
        assertThat(results.get(0).row().toString()).isEqualTo("{\"order_id\":\"o-1\",\"code\":1}");
        assertThat(results.get(1).row()).isNull();
        assertThat(results.get(1).failure()).contains("x");
        assertThat(results.get(2).filtered()).isTrue();
        assertThat(results.get(3).row().toString()).isEqualTo("{\"order_id\":\"o-4\",\"code\":4}");
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
                "SELECT t.x FROM event, UNNEST(event.tags) AS t(x)",
                "SELECT NULL AS nothing FROM event",
                "SELECT order_id, order_id FROM event"}) {
            assertThatThrownBy(() -> SqlStatement.compile(sql, ORDER)).as(sql)
                    .isInstanceOf(SqlRefusedException.class);
        }
    }
}
