package io.inlet.pipeline.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.Violation;
import io.inlet.transforms.PipelineStep;
import io.inlet.transforms.PipelineSteps;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StepRunnerTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final JsonNode ORDER = JSON.readTree("""
            {"order_id":"o-1","amount":12.5,"quantity":3,"country":"DE","debug":{"trace":"x"},
             "customer":{"id":"c-9","tier":"gold"}}""");

    private static List<PipelineStep> steps(String json) {
        return PipelineSteps.parse(JSON.readTree(json));
    }

    private static JsonNode kept(String steps) {
        StepsResult result = StepRunner.run(ORDER, steps(steps));
        assertThat(result).isInstanceOf(StepsResult.Kept.class);
        return ((StepsResult.Kept) result).record();
    }

    private static StepsResult.Failed failed(String steps) {
        StepsResult result = StepRunner.run(ORDER, steps(steps));
        assertThat(result).isInstanceOf(StepsResult.Failed.class);
        return (StepsResult.Failed) result;
    }

    @Test
    void renameMovesAValueCreatingParentsAndLeavesTheInputUnchanged() {
        JsonNode record = kept("[{\"type\":\"rename\",\"from\":\"/customer/id\",\"to\":\"/buyer/id\"}]");
        assertThat(record.at("/buyer/id").asString()).isEqualTo("c-9");
        assertThat(record.at("/customer").toString()).isEqualTo("{\"tier\":\"gold\"}");
        assertThat(ORDER.at("/customer/id").asString()).isEqualTo("c-9");
        // an absent optional source is nothing to do
        assertThat(kept("[{\"type\":\"rename\",\"from\":\"/coupon\",\"to\":\"/voucher\"}]")).isEqualTo(ORDER);
    }

    @Test
    void renameFailsForAMissingRequiredSourceOrAnExistingTarget() {
        StepsResult.Failed missing = failed("[{\"type\":\"drop\",\"path\":\"/debug\"},"
                + "{\"type\":\"rename\",\"from\":\"/coupon\",\"to\":\"/voucher\",\"required\":true}]");
        assertThat(missing.index()).isEqualTo(1);
        assertThat(missing.violation()).isEqualTo(new Violation("/coupon", "rename",
                "pipeline step 1 (rename): the event has no /coupon to rename"));
        StepsResult.Failed exists = failed("[{\"type\":\"rename\",\"from\":\"/amount\",\"to\":\"/country\"}]");
        assertThat(exists.violation().message()).contains("/country already exists");
        StepsResult.Failed notObject = failed("[{\"type\":\"rename\",\"from\":\"/amount\",\"to\":\"/country/x\"}]");
        assertThat(notObject.violation().message()).contains("/country is a STRING, not an object");
    }

    @Test
    void dropRemovesAValueAndIgnoresAMissingOne() {
        JsonNode record = kept("[{\"type\":\"drop\",\"path\":\"/debug\"},{\"type\":\"drop\",\"path\":\"/no/such\"}]");
        assertThat(record.has("debug")).isFalse();
        assertThat(record.size()).isEqualTo(ORDER.size() - 1);
    }

    @Test
    void dropFailsWhenThePathCrossesANonObject() {
        StepsResult.Failed failed = failed("[{\"type\":\"drop\",\"path\":\"/amount/cents\"}]");
        assertThat(failed.violation().pointer()).isEqualTo("/amount/cents");
        assertThat(failed.violation().keyword()).isEqualTo("drop");
    }

    @Test
    void deriveSetsTheExpressionsValueSeeingEarlierSteps() {
        JsonNode record = kept("""
                [{"type":"rename","from":"/amount","to":"/price"},
                 {"type":"derive","path":"/total_cents","expression":"price * quantity * 100"},
                 {"type":"derive","path":"/labels/tier","expression":"customer.tier == 'gold' ? 'vip' : 'std'"},
                 {"type":"derive","path":"/coupon","expression":"['coupon'] ?: 'none'"}]""");
        assertThat(record.get("total_cents").decimalValue()).isEqualByComparingTo("3750");
        assertThat(record.at("/labels/tier").asString()).isEqualTo("vip");
        assertThat(record.get("coupon").asString()).isEqualTo("none");
    }

    @Test
    void deriveFailsOnAnExpressionErrorWithoutThrowing() {
        StepsResult.Failed missing = failed("[{\"type\":\"derive\",\"path\":\"/x\",\"expression\":\"coupon.code\"}]");
        assertThat(missing.violation().pointer()).isEqualTo("/x");
        assertThat(missing.violation().keyword()).isEqualTo("derive");
        assertThat(missing.violation().message()).contains("coupon");
        StepsResult.Failed divide = failed("[{\"type\":\"derive\",\"path\":\"/x\",\"expression\":\"quantity / 0\"}]");
        assertThat(divide.violation().message()).contains("by zero");
    }

    @Test
    void filterKeepsOrFiltersTheEvent() {
        assertThat(StepRunner.run(ORDER, steps("[{\"type\":\"filter\",\"expression\":\"country == 'DE'\"}]")))
                .isInstanceOf(StepsResult.Kept.class);
        assertThat(StepRunner.run(ORDER, steps("[{\"type\":\"drop\",\"path\":\"/debug\"},"
                + "{\"type\":\"filter\",\"expression\":\"country != 'DE'\"}]")))
                .isEqualTo(new StepsResult.Filtered(1));
    }

    @Test
    void filterFailsWhenTheExpressionIsNotABoolean() {
        StepsResult.Failed failed = failed("[{\"type\":\"filter\",\"expression\":\"country\"}]");
        assertThat(failed.violation()).isEqualTo(new Violation("", "filter",
                "pipeline step 0 (filter): the filter expression must be true or false, was String DE"));
    }

    @Test
    void noStepsKeepTheRecordAsItIs() {
        assertThat(StepRunner.run(ORDER, List.of())).isEqualTo(new StepsResult.Kept(ORDER));
    }
}
