package io.inlet.pipeline.apply;

import io.inlet.binder.NatsBinderHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.stream.binder.BinderHeaders;
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

    @SuppressWarnings("unchecked")
    void handle(Message<?> batch) {
        if (!(batch.getPayload() instanceof List<?> payloads)) {
            throw new IllegalStateException("expected a batch (List<byte[]>), got "
                    + batch.getPayload().getClass().getName() + ": set consumer.batch-mode=true on the binding");
        }
        List<Map<String, Object>> headers = (List<Map<String, Object>>) batch.getHeaders()
                .get(BinderHeaders.BATCH_HEADERS);
        if (headers == null || headers.size() != payloads.size()) {
            throw new IllegalStateException("batch of " + payloads.size() + " without per-message headers: is "
                    + "consumer.batch-mode=true set on the binding?");
        }
        Instant now = clock.instant();
        for (int i = 0; i < payloads.size(); i++) {
            Map<String, Object> messageHeaders = headers.get(i);
            Object subject = messageHeaders.get(NatsBinderHeaders.SUBJECT);
            Outcome outcome = applier.apply(subject == null ? null : subject.toString(), messageHeaders,
                    bytes(payloads.get(i)), now);
            publisher.publish(outcome);
            (outcome instanceof Outcome.Valid ? valid : outcome instanceof Outcome.Filtered ? filtered : rejected)
                    .increment();
        }
    }

    private static byte[] bytes(Object payload) {
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalStateException("unexpected batch element " + payload.getClass().getName());
    }
}
