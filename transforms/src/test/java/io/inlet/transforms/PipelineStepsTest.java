package io.inlet.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PipelineStepsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static List<PipelineStep> parse(String json) {
        return PipelineSteps.parse(JSON.readTree(json));
    }

    private static List<StepProblem> problems(String json) {
        try {
            parse(json);
        } catch (InvalidPipelineException e) {
            return e.problems();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void readsEveryStepTypeAndWritesItCanonically() {
        List<PipelineStep> steps = parse("""
                [{"type":"rename","from":"/a/b","to":"/a/c"},
                 {"type":"drop","path":"/x~1y"},
                 {"type":"derive","path":"/total_cents","expression":"amount * 100"},
                 {"type":"filter","expression":"country != 'XX'"}]""");
        assertThat(steps).hasSize(4);
        assertThat(steps.get(0)).isInstanceOf(PipelineStep.Rename.class);
        assertThat(((PipelineStep.Drop) steps.get(1)).path().segments()).containsExactly("x/y");
        assertThat(PipelineSteps.toJson(steps).toString()).isEqualTo("[{\"type\":\"rename\",\"from\":\"/a/b\","
                + "\"to\":\"/a/c\",\"required\":false},{\"type\":\"drop\",\"path\":\"/x~1y\"},{\"type\":\"derive\","
                + "\"path\":\"/total_cents\",\"expression\":\"amount * 100\"},{\"type\":\"filter\","
                + "\"expression\":\"country != 'XX'\"}]");
    }

    @Test
    void reportsEveryBadStepWithItsIndexAndField() {
        List<StepProblem> problems = problems("""
                [{"type":"drop","path":"/ok"},
                 {"type":"jq","query":"."},
                 {"type":"rename","from":"/a","to":"/a/b"},
                 {"type":"drop","path":"x","extra":1},
                 {"type":"derive","path":"/y","expression":"T(java.lang.Runtime).getRuntime()"},
                 {"type":"filter","expression":"a >"},
                 "not an object"]""");
        assertThat(problems).extracting(StepProblem::index).containsExactly(1, 2, 3, 3, 4, 5, 6);
        assertThat(problems.get(0).reason()).contains("unknown step type 'jq'");
        assertThat(problems.get(1)).extracting(StepProblem::field).isEqualTo("to");
        assertThat(problems).filteredOn(p -> p.index() == 3).extracting(StepProblem::field)
                .containsExactlyInAnyOrder("extra", "path");
        assertThat(problems.get(4).reason()).contains("type references");
        assertThat(problems.get(5).reason()).contains("does not parse");
    }

    @Test
    void readsASqlStepAndTypesItAgainstTheEventSchema() {
        List<PipelineStep> steps = parse("[{\"type\":\"sql\",\"statement\":\"SELECT a * 2 AS b FROM event\"}]");
        assertThat(((PipelineStep.Sql) steps.get(0)).output()).isNull();

        List<PipelineStep> typed = PipelineSteps.typed(steps, JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}"));

        assertThat(PipelineSteps.toJson(typed).toString()).isEqualTo("[{\"type\":\"sql\","
                + "\"statement\":\"SELECT a * 2 AS b FROM event\",\"output\":{\"$schema\":"
                + "\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\",\"properties\":"
                + "{\"b\":{\"type\":[\"integer\",\"null\"]}},\"additionalProperties\":false}}]");
        assertThat(parse(PipelineSteps.toJson(typed).toString())).isEqualTo(typed);
    }

    @Test
    void refusesASqlStatementWithTheStepAndThePositionOfTheError() {
        List<PipelineStep> steps = parse("[{\"type\":\"sql\",\"statement\":\"SELECT a,\\n  nope FROM event\"}]");
        assertThatThrownBy(() -> PipelineSteps.typed(steps, JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}")))
                .isInstanceOfSatisfying(InvalidPipelineException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> {
                            assertThat(p.index()).isZero();
                            assertThat(p.field()).isEqualTo("statement");
                            assertThat(p.reason()).contains("'nope' not found");
                            assertThat(p.line()).isEqualTo(2);
                            assertThat(p.column()).isEqualTo(3);
                        }));
    }

    @Test
    void aSqlStepIsTheWholePipeline() {
        assertThat(problems("""
                [{"type":"drop","path":"/a"}, {"type":"sql","statement":"SELECT a FROM event"}]"""))
                .singleElement().satisfies(p -> assertThat(p.reason()).contains("whole pipeline"));
        assertThat(problems("[{\"type\":\"sql\"}]")).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("statement"));
    }

    @Test
    void refusesEveryUnsafeExpressionConstruct() {
        for (String unsafe : List.of("T(java.lang.System).exit(0)", "new java.io.File('/')", "@bean",
                "name.toUpperCase()", "#f(1)", "a = 1", "#systemProperties")) {
            assertThatThrownBy(() -> StepExpression.parse(unsafe)).as(unsafe)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> StepExpression.parse("1 + ".repeat(400) + "1"))
                .hasMessageContaining("longer than");
    }

    @Test
    void evaluatesOverTheEventAsAMap() {
        Map<String, Object> event = Map.of("amount", 12, "customer", Map.of("id", "c1"),
                "items", List.of(Map.of("qty", 2), Map.of("qty", 0)));
        assertThat(StepExpression.parse("amount * 100").evaluate(event)).isEqualTo(1200);
        assertThat(StepExpression.parse("customer.id + '-' + amount").evaluate(event)).isEqualTo("c1-12");
        assertThat(StepExpression.parse("['missing'] ?: 'none'").evaluate(event)).isEqualTo("none");
        assertThat(StepExpression.parse("items.?[qty > 0].![qty]").evaluate(event)).isEqualTo(List.of(2));
        assertThatThrownBy(() -> StepExpression.parse("missing + 1").evaluate(event))
                .isInstanceOf(StepFailure.class).hasMessageContaining("missing");
        // no reflection: Java properties of the objects are not readable either
        assertThatThrownBy(() -> StepExpression.parse("customer.id.class").evaluate(event))
                .isInstanceOf(StepFailure.class);
    }
}
