package io.inlet.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.faults.inject.ExecutedFault;
import io.inlet.faults.schedule.FaultKind;
import io.inlet.faults.schedule.PlannedFault;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExactlyOnceCheckTest {

    private static final List<ExecutedFault> FAULTS = List.of(
            new ExecutedFault(new PlannedFault(1, FaultKind.NATS_KILL, Duration.ofSeconds(10)), 10_000, 12_000, ""),
            new ExecutedFault(new PlannedFault(2, FaultKind.LAKE_KILL, Duration.ofSeconds(30)), 30_000, 45_000, ""));

    private static Map<String, Long> accepted(String... idsAndTimes) {
        Map<String, Long> accepted = new LinkedHashMap<>();
        for (int i = 0; i < idsAndTimes.length; i += 2) {
            accepted.put(idsAndTimes[i], Long.parseLong(idsAndTimes[i + 1]));
        }
        return accepted;
    }

    @Test
    void passesWhenEveryAcceptedIdIsThereOnce() {
        CheckResult result = ExactlyOnceCheck.verdict(accepted("f1-0", "1000", "f1-1", "1000"),
                Map.of("f1-0", 1, "f1-1", 1), FAULTS);
        assertThat(result.passed()).isTrue();
        assertThat(result.detail()).contains("2 accepted ids");
    }

    @Test
    void aMissingIdFailsAndNamesTheIdAndTheFaultItWasInFlightFor() {
        CheckResult result = ExactlyOnceCheck.verdict(accepted("f1-0", "1000", "f1-7", "29000"),
                Map.of("f1-0", 1), FAULTS);
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("1 accepted ids missing").contains("f1-7")
                .contains("#2 kill -9 lake while it writes a file");
    }

    @Test
    void aDuplicateFailsAndNamesTheId() {
        CheckResult result = ExactlyOnceCheck.verdict(accepted("f1-0", "1000", "f1-1", "1000"),
                Map.of("f1-0", 1, "f1-1", 2), FAULTS);
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("more than once").contains("f1-1 x2").doesNotContain("f1-0");
    }

    @Test
    void anIdNeverAcceptedFails() {
        CheckResult result = ExactlyOnceCheck.verdict(accepted("f1-0", "1000"), Map.of("f1-0", 1, "f1-99", 1),
                FAULTS);
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("never accepted").contains("f1-99");
    }

    @Test
    void namesAtMostTwentyIds() {
        Map<String, Long> accepted = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            accepted.put("f1-" + i, 50_000L);
        }
        CheckResult result = ExactlyOnceCheck.verdict(accepted, Map.of(), FAULTS);
        assertThat(result.detail()).contains("50 accepted ids missing").contains("f1-19").doesNotContain("f1-20,")
                .contains(FaultAttribution.NONE);
    }
}
