package io.inlet.binder.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.binder.NatsBinderMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsumerStatusTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final NatsBinderMetrics.Consumer metrics = new NatsBinderMetrics(registry).consumer("in.>", "stage");

    @Test
    void aStalledBindingIsUnhealthyUntilMessagesArriveEvenAfterItResubscribed() {
        ConsumerStatus status = status(Duration.ofMinutes(1));
        status.subscribed(null);

        status.stalled("no delivery for 10.0s while 5 messages wait");
        status.subscribed(NatsBinderMetrics.Resubscribe.STALLED);

        assertThat(status.snapshot().state()).isEqualTo(ConsumerStatus.State.STALLED);
        assertThat(status.snapshot().reason()).contains("5 messages wait");
        assertThat(status.isUnhealthy()).isTrue();

        status.delivered();

        assertThat(status.snapshot().state()).isEqualTo(ConsumerStatus.State.CONSUMING);
        assertThat(status.isUnhealthy()).isFalse();
        assertThat(status.snapshot().resubscribes()).isEqualTo(1);
        assertThat(registry.get("inlet.binder.consumer.resubscribes").tag("reason", "stalled").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aBindingThatCannotSubscribeIsUnhealthyOnceThatLastedTheStallTimeout() {
        ConsumerStatus patient = status(Duration.ofMinutes(1));
        patient.failed("consumer not found");
        assertThat(patient.snapshot().state()).isEqualTo(ConsumerStatus.State.RESUBSCRIBING);
        assertThat(patient.isUnhealthy()).isFalse();

        ConsumerStatus impatient = status(Duration.ZERO);
        impatient.failed("consumer not found");
        assertThat(impatient.isUnhealthy()).isTrue();
    }

    @Test
    void aCheckThatFindsNothingWaitingEndsAStall() {
        ConsumerStatus status = status(Duration.ofMinutes(1));
        status.stalled("no delivery");

        status.notStalled();

        assertThat(status.snapshot().state()).isEqualTo(ConsumerStatus.State.CONSUMING);
    }

    private ConsumerStatus status(Duration unhealthyAfter) {
        return new ConsumerStatus("handle-in-0", "IN", "stage", unhealthyAfter, metrics);
    }
}
