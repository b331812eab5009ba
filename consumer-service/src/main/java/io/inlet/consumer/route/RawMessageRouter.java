package io.inlet.consumer.route;

import io.inlet.consumer.normalize.Outcome;
import io.inlet.consumer.normalize.RawMessage;
import io.inlet.consumer.normalize.RawMessageNormalizer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.stream.binder.BinderHeaders;
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

    @SuppressWarnings("unchecked")
    void route(Message<?> batch) {
        if (!(batch.getPayload() instanceof List<?> payloads)) {
            throw new IllegalStateException("expected a batch (List<byte[]>), got " + batch.getPayload().getClass()
                    .getName() + ": set consumer.batch-mode=true on the binding");
        }
        List<Map<String, Object>> headers = (List<Map<String, Object>>) batch.getHeaders()
                .get(BinderHeaders.BATCH_HEADERS);
        if (headers == null || headers.size() != payloads.size()) {
            throw new IllegalStateException("batch of " + payloads.size() + " without per-message headers"
                    + ": is consumer.batch-mode=true set on the binding?");
        }
        Instant now = clock.instant();
        for (int i = 0; i < payloads.size(); i++) {
            RawMessage raw = RawMessage.of(bytes(payloads.get(i)), headers.get(i));
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

    private static byte[] bytes(Object payload) {
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof String text) {
            return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        throw new IllegalStateException("unexpected batch element " + payload.getClass().getName());
    }
}
