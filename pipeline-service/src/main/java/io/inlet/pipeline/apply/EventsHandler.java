package io.inlet.pipeline.apply;

import io.inlet.binder.NatsBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Handles one batch from {@code inlet.events.>}: applies each event's schema and publishes the
 * outcome. Invalid events are outcomes, not failures; the one failure that propagates (and makes
 * the binder nak the batch for a later retry) is a registry that cannot be reached for a schema
 * not cached yet, or a publish JetStream did not confirm.
 */
@Component
class EventsHandler {

    private final SchemaApplier applier;
    private final StagePublisher publisher;
    private final Clock clock;
    private final Counter valid;
    private final Counter rejected;
    private final Counter filtered;

    EventsHandler(SchemaApplier applier, StagePublisher publisher, ObjectProvider<Clock> clock,
            ObjectProvider<MeterRegistry> meters) {
        this.applier = applier;
        this.publisher = publisher;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.valid = Counter.builder("inlet.pipeline.events").tag("outcome", "valid")
                .description("Events published to inlet.valid").register(registry);
        this.rejected = Counter.builder("inlet.pipeline.events").tag("outcome", "rejected")
                .description("Events published to inlet.errors").register(registry);
        this.filtered = Counter.builder("inlet.pipeline.events").tag("outcome", "filtered")
                .description("Valid events a filter step of their pipeline kept out of inlet.valid (not errors)")
                .register(registry);
    }

    void handle(Message<?> batch) {
        Instant now = clock.instant();
        for (NatsBatch.Entry entry : NatsBatch.of(batch)) {
            Outcome outcome = applier.apply(entry.subject(), entry.headers(), entry.payload(), now);
            publisher.publish(outcome);
            (outcome instanceof Outcome.Valid ? valid : outcome instanceof Outcome.Filtered ? filtered : rejected)
                    .increment();
        }
    }
}
