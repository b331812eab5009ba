package io.inlet.consumer.route;

import io.inlet.binder.NatsOutputs;
import io.inlet.consumer.normalize.FrameForwarder;
import io.inlet.consumer.normalize.RawMessageNormalizer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.messaging.Message;

/**
 * A test hook, registered explicitly (no {@code @Configuration}, so component scanning never picks it up): the
 * router fails its first batch after it published everything for it, as a crash between the publishes and the ack
 * would, so the binder naks the batch and JetStream redelivers it.
 */
public class FailOnceAfterPublishing {

    /** Batches failed on purpose. */
    public static final AtomicInteger FAILURES = new AtomicInteger();

    @Bean
    @Primary
    RawMessageRouter failingOnceRouter(RawMessageNormalizer normalizer, FrameForwarder forwarder, NatsOutputs outputs,
            ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters,
            ObjectProvider<io.inlet.binder.tracing.FrameTracing> tracing) {
        return new RawMessageRouter(normalizer, forwarder, outputs, clock, meters, tracing) {
            private final AtomicInteger batches = new AtomicInteger();

            @Override
            void route(Message<?> batch) {
                super.route(batch);
                if (batches.getAndIncrement() == 0) {
                    FAILURES.incrementAndGet();
                    throw new IllegalStateException("failing the first batch after publishing it (test hook)");
                }
            }
        };
    }
}
