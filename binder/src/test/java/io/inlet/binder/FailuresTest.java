package io.inlet.binder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void describesAFailureByItsRootCausesMessage() {
        assertThat(Failures.describe(new IllegalStateException("outer", new IllegalArgumentException("503 No Responders"))))
                .isEqualTo("503 No Responders");
    }

    @Test
    void aRootCauseWithoutMessageIsNamedByItsTypeAfterTheDeepestMessage() {
        PublishFailedException noPubAck = new PublishFailedException("inlet.valid.x", "no PubAck in time",
                new TimeoutException());

        assertThat(Failures.describe(new IllegalStateException(noPubAck))).isEqualTo(
                "Publish to 'inlet.valid.x' was not acknowledged by JetStream: no PubAck in time [TimeoutException]");
    }

    @Test
    void aFailureWithNoMessageAnywhereIsItsType() {
        assertThat(Failures.describe(new CancellationException())).isEqualTo("CancellationException");
    }
}
