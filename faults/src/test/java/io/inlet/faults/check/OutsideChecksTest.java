package io.inlet.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutsideChecksTest {

    @Test
    void deadLettersFailAndNameTheirStream() {
        List<StreamState> streams = List.of(new StreamState("INLET_RAW", List.of("inlet.raw.>"), 900),
                new StreamState("DLQ_INLET_PIPELINE", List.of("dlq.inlet-pipeline"), 3));
        CheckResult result = OutsideChecks.errors(List.of(), 0, streams);
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("DLQ_INLET_PIPELINE").contains("holds 3").doesNotContain("INLET_RAW");
    }

    @Test
    void errorLakeRowsFailAndNameTheIds() {
        CheckResult result = OutsideChecks.errors(List.of("f1-4"), 1, List.of());
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("f1-4").contains("1 messages on the error stream");
    }

    @Test
    void emptyErrorLakeAndDeadLettersPass() {
        assertThat(OutsideChecks.errors(List.of(), 0,
                List.of(new StreamState("DLQ_X", List.of("dlq.x"), 0))).passed()).isTrue();
    }

    @Test
    void aLeftStagingObjectFails() {
        CheckResult result = OutsideChecks.staging(List.of("inlet-lake/_staging/a.parquet"), 35_000);
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("inlet-lake/_staging/a.parquet").contains("35 s");
        assertThat(OutsideChecks.staging(List.of(), 3_000).passed()).isTrue();
    }

    @Test
    void aConsumerWithPendingMessagesOrAServiceNotUpFails() {
        List<ConsumerState> consumers = List.of(new ConsumerState("INLET_RAW", "inlet-consumer", 0, 0),
                new ConsumerState("INLET_VALID", "inlet-lake-valid", 120, 1000));
        CheckResult result = OutsideChecks.consuming(consumers, Map.of("lake-service", "UP", "gateway-service",
                "DOWN"), 90_000);
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("not drained after 90 s").contains("INLET_VALID/inlet-lake-valid pending 120")
                .contains("gateway-service DOWN").doesNotContain("inlet-consumer");
    }

    @Test
    void drainedConsumersAndHealthyServicesPass() {
        assertThat(OutsideChecks.consuming(List.of(new ConsumerState("S", "c", 0, 0)), Map.of("x", "UP"), 3_000))
                .satisfies(result -> assertThat(result.passed()).isTrue())
                .satisfies(result -> assertThat(result.detail()).contains("3 s after"));
        assertThat(OutsideChecks.consuming(List.of(), Map.of("x", "UP"), 0).passed()).isFalse();
    }
}
