package io.inlet.pipeline.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.EventType;
import io.inlet.transforms.PipelineStep;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SqlStepRunnerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventType TYPE = EventType.of("shop.order");
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},"
            + "\"b\":{\"type\":\"integer\"}}}";
    private static final PipelineStep.Sql STEP = new PipelineStep.Sql("SELECT a / b AS q FROM event WHERE a > 0", null);

    private static JsonNode event(String json) {
        return JSON.readTree(json);
    }

    @Test
    void compilesAStatementOncePerSchemaVersionAndRunsItPerEvent() {
        AtomicInteger lookups = new AtomicInteger();
        SqlStepRunner runner = new SqlStepRunner((type, version) -> {
            lookups.incrementAndGet();
            return SCHEMA;
        }, 100);

        for (int i = 1; i <= 50; i++) {
            String expected = "{\"q\":" + i + "}";
            assertThat(runner.run(TYPE, 1, STEP, event("{\"a\":" + 2 * i + ",\"b\":2}")))
                    .isInstanceOfSatisfying(StepsResult.Kept.class,
                            kept -> assertThat(kept.record().toString()).isEqualTo(expected));
        }
        assertThat(runner.run(TYPE, 2, STEP, event("{\"a\":1,\"b\":1}"))).isInstanceOf(StepsResult.Kept.class);

        assertThat(lookups).hasValue(2);
        assertThat(runner.compiledStatements()).isEqualTo(2);
    }

    @Test
    void runsAFrameInOneExecutionAndAFrameWithAFailingRowAgainEventByEvent() {
        SqlStepRunner runner = new SqlStepRunner((type, version) -> SCHEMA, 100);

        List<StepsResult> good = runner.runFrame(TYPE, 1, STEP, List.of(event("{\"a\":4,\"b\":2}"),
                event("{\"a\":0,\"b\":1}"), event("{\"a\":9,\"b\":3}")));
        assertThat(runner.executions()).isEqualTo(1);
        assertThat(good).extracting(SqlStepRunnerTest::shown).containsExactly("{\"q\":2}", "filtered", "{\"q\":3}");

        List<StepsResult> mixed = runner.runFrame(TYPE, 1, STEP, List.of(event("{\"a\":4,\"b\":2}"),
                event("{\"a\":1,\"b\":0}"), event("{\"a\":0,\"b\":0}"), event("{\"a\":9,\"b\":3}")));
        assertThat(runner.executions()).isEqualTo(1 + 1 + 4);
        assertThat(shown(mixed.get(0))).isEqualTo("{\"q\":2}");
        assertThat(mixed.get(1)).isInstanceOfSatisfying(StepsResult.Failed.class,
                f -> assertThat(f.violation().message()).contains("zero").endsWith("statement: " + STEP.statement()));
        assertThat(mixed.get(2)).isEqualTo(new StepsResult.Filtered(0));
        assertThat(shown(mixed.get(3))).isEqualTo("{\"q\":3}");
    }

    @Test
    void anEventAStatementUnnestsKeepsItsRowsAsOneArrayAndNoRowsIsFiltered() {
        SqlStepRunner runner = new SqlStepRunner((type, version) -> "{\"type\":\"object\",\"properties\":{"
                + "\"id\":{\"type\":\"string\"},\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
                + "\"properties\":{\"sku\":{\"type\":\"string\"}}}}}}", 100);
        PipelineStep.Sql unnest = new PipelineStep.Sql(
                "SELECT e.id, i.sku FROM event e CROSS JOIN UNNEST(e.items) AS i(sku)", null);

        List<StepsResult> results = runner.runFrame(TYPE, 1, unnest, List.of(
                event("{\"id\":\"o1\",\"items\":[{\"sku\":\"a\"},{\"sku\":\"b\"}]}"), event("{\"id\":\"o2\"}"),
                event("{\"id\":\"o3\",\"items\":[{\"sku\":\"c\"}]}")));

        assertThat(results).extracting(r -> r instanceof StepsResult.Failed f ? f.violation().message() : shown(r))
                .containsExactly(
                "[{\"id\":\"o1\",\"sku\":\"a\"},{\"id\":\"o1\",\"sku\":\"b\"}]", "filtered",
                "[{\"id\":\"o3\",\"sku\":\"c\"}]");
        assertThat(runner.executions()).isEqualTo(1);
        assertThat(shown(runner.run(TYPE, 1, unnest, event("{\"id\":\"o3\",\"items\":[{\"sku\":\"c\"}]}"))))
                .isEqualTo("[{\"id\":\"o3\",\"sku\":\"c\"}]");
    }

    private static String shown(StepsResult result) {
        return result instanceof StepsResult.Kept kept ? kept.record().toString()
                : result instanceof StepsResult.Filtered ? "filtered" : "failed";
    }

    @Test
    void aFalseWhereFiltersAndARowThatFailsNamesTheStatement() {
        SqlStepRunner runner = new SqlStepRunner((type, version) -> SCHEMA, 100);

        assertThat(runner.run(TYPE, 1, STEP, event("{\"a\":0,\"b\":1}"))).isEqualTo(new StepsResult.Filtered(0));
        StepsResult failed = runner.run(TYPE, 1, STEP, event("{\"a\":1,\"b\":0}"));
        assertThat(failed).isInstanceOfSatisfying(StepsResult.Failed.class, f -> {
            assertThat(f.index()).isZero();
            assertThat(f.violation().keyword()).isEqualTo("sql");
            assertThat(f.violation().message()).contains("zero").endsWith("statement: " + STEP.statement());
        });
    }

    @Test
    void aStatementThatDoesNotCompileAgainstAVersionFailsItsEvents() {
        SqlStepRunner runner = new SqlStepRunner((type, version) -> version == 1 ? SCHEMA
                : "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}", 100);

        StepsResult failed = runner.run(TYPE, 2, STEP, event("{\"a\":1}"));
        assertThat(failed).isInstanceOfSatisfying(StepsResult.Failed.class, f -> assertThat(f.violation().message())
                .contains("does not compile against schema version 2").contains("'b' not found"));
    }
}
