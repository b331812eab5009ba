package io.inlet.consumer.route;

import io.inlet.binder.NatsBatch;
import io.inlet.consumer.normalize.Outcome;
import io.inlet.consumer.normalize.RawMessage;
import io.inlet.consumer.normalize.RawMessageNormalizer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Handles one batch from {@code inlet.raw.>}: every raw message is normalized and each outcome
 * published. Bad input never throws (it becomes an error event); only a failure to publish does,
 * so the binder naks the batch and it is redelivered with the same ids.
 */
@Component
class RawMessageRouter {

    private static final Logger log = LoggerFactory.getLogger(RawMessageRouter.class);

    private final RawMessageNormalizer normalizer;
    private final StagePublisher publisher;
    private final Clock clock;
    private final Counter events;
    private final Counter rejected;

    RawMessageRouter(RawMessageNormalizer normalizer, StagePublisher publisher, ObjectProvider<Clock> clock,
            ObjectProvider<MeterRegistry> meters) {
        this.normalizer = normalizer;
        this.publisher = publisher;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.events = Counter.builder("inlet.consumer.events").tag("outcome", "normalized")
                .description("Events published to inlet.events").register(registry);
        this.rejected = Counter.builder("inlet.consumer.events").tag("outcome", "rejected")
                .description("Undecodable input published to inlet.errors").register(registry);
    }

    void route(Message<?> batch) {
        Instant now = clock.instant();
        for (NatsBatch.Entry entry : NatsBatch.of(batch)) {
            RawMessage raw = RawMessage.of(entry.payload(), entry.headers());
            for (Outcome outcome : normalizer.normalize(raw, now)) {
                publisher.publish(outcome);
                if (outcome instanceof Outcome.Rejected r) {
                    rejected.increment();
                    log.debug("Rejected {} from {}: {}", r.error().eventId(), raw.subject(), r.error().reason());
                } else {
                    events.increment();
                }
            }
        }
    }
}
