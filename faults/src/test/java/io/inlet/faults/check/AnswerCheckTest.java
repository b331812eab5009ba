package io.inlet.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.faults.inject.ExecutedFault;
import io.inlet.faults.load.Answer;
import io.inlet.faults.load.PageViews;
import io.inlet.faults.schedule.FaultKind;
import io.inlet.faults.schedule.PlannedFault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerCheckTest {

    private static final PageViews EVENTS = new PageViews(5, 1_000, 100);
    private static final List<ExecutedFault> FAULTS = List.of(
            new ExecutedFault(new PlannedFault(1, FaultKind.GATEWAY_KILL, Duration.ofSeconds(10)), 10_000, 20_000, ""));

    private static Answer answer(long batch, int status, String retryAfter) {
        return new Answer(batch, 1, 15_000, 15_100, status, retryAfter, null, false);
    }

    @Test
    void acceptsAcceptedRetryAfterAnswersAndRefusedConnections() {
        List<Answer> answers = List.of(answer(0, 202, null), answer(1, 503, "1"), answer(2, 429, "2"),
                new Answer(3, 1, 15_000, 15_001, 0, null, "java.net.ConnectException", false));
        CheckResult result = AnswerCheck.verdict(answers, FAULTS, EVENTS);
        assertThat(result.passed()).isTrue();
        assertThat(result.detail()).contains("4 attempts");
    }

    @Test
    void a503WithoutRetryAfterFailsAndNamesTheFaultAndTheIds() {
        CheckResult result = AnswerCheck.verdict(List.of(answer(3, 503, null)), FAULTS, EVENTS);
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("batch 3 (f5-300 .. f5-399)").contains("HTTP 503 without Retry-After")
                .contains("#1 kill -9 gateway");
    }

    @Test
    void anyOther5xxFails() {
        CheckResult result = AnswerCheck.verdict(List.of(answer(1, 500, null), answer(2, 502, "1")), FAULTS, EVENTS);
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("2 bad answers").contains("HTTP 500").contains("HTTP 502");
    }

    @Test
    void aHungRequestFailsEvenOutsideAFault() {
        Answer hung = new Answer(4, 2, 30_000, 60_000, 0, null, "HttpTimeoutException", true);
        CheckResult result = AnswerCheck.verdict(List.of(hung), FAULTS, EVENTS);
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("no answer within the timeout").contains("no fault under way");
    }
}
