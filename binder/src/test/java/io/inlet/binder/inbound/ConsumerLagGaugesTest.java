package io.inlet.binder.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.binder.NatsBinderMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ConsumerLagGaugesTest {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final NatsBinderMetrics metrics = new NatsBinderMetrics(meters);
    private final ConsumerStatuses bindings = new ConsumerStatuses();

    @Test
    void aFailingReadIsCountedLeavesTheGaugesAtTheirLastValueAndSparesTheOtherBindings() {
        bind("a-in-0", "S", "a");
        bind("b-in-0", "S", "b");
        AtomicBoolean aFails = new AtomicBoolean();
        ConsumerLagGauges gauges = new ConsumerLagGauges(bindings, metrics, (stream, consumer) -> {
            if (consumer.equals("a") && aFails.get()) {
                throw new IOException("timeout");
            }
            return new ConsumerLagGauges.Reading(consumer.equals("a") ? 7 : 1, 2, 3);
        }, Duration.ofSeconds(10));

        assertThat(gauges.readAll()).isZero();
        aFails.set(true);
        assertThat(gauges.readAll()).isEqualTo(1);
        assertThat(gauges.readAll()).isEqualTo(1);

        assertThat(gauge("inlet.binder.consumer.lag.pending", "a")).isEqualTo(7);
        assertThat(gauge("inlet.binder.consumer.lag.pending", "b")).isEqualTo(1);
        assertThat(gauge("inlet.binder.consumer.lag.ack.pending", "b")).isEqualTo(2);
        assertThat(gauge("inlet.binder.consumer.lag.redelivered", "b")).isEqualTo(3);
        assertThat(meters.get("inlet.binder.consumer.lag.read.failures").tag("group", "a").counter().count())
                .isEqualTo(2);
        assertThat(meters.get("inlet.binder.consumer.lag.read.failures").tag("group", "b").counter().count())
                .isZero();
    }

    @Test
    void aBindingNotReadYetShowsNoValueRatherThanZero() {
        assertThat(metrics.lag("a-in-0", "S", "a").pending()).isNaN();
    }

    private void bind(String binding, String stream, String consumer) {
        bindings.register(new ConsumerStatus(binding, stream, consumer, Duration.ofSeconds(10),
                metrics.consumer(consumer + ".subject", consumer)));
    }

    private double gauge(String name, String group) {
        return meters.get(name).tag("group", group).gauge().value();
    }
}
