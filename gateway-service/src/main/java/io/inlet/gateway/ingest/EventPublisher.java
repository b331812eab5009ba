package io.inlet.gateway.ingest;

import io.inlet.binder.PublishFailedException;
import io.inlet.binder.PublishScope;
import io.inlet.contracts.Subjects;
import io.nats.client.api.PublishAck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.BinderException;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.cloud.stream.provisioning.ProvisioningException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;

/**
 * Publishes the events of one request to {@code inlet.raw.<type>} and returns only when JetStream
 * has confirmed every one of them. The publishes of a request are pipelined inside one
 * {@link PublishScope}; across requests at most {@code max-events-in-flight} events wait for their
 * PubAck, so a slow JetStream turns into quick 429s instead of unbounded memory.
 */
@Component
class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final StreamBridge streamBridge;
    private final PublishProperties properties;
    private final IngestMetrics metrics;
    private final Semaphore inFlight;
    private final NatsBinderWarmup binder;

    EventPublisher(StreamBridge streamBridge, PublishProperties properties, IngestLimits limits, IngestMetrics metrics,
            NatsBinderWarmup binder) {
        if (limits.maxEventsPerRequest() > properties.maxEventsInFlight()) {
            throw new IllegalStateException("inlet.gateway.limits.max-events-per-request ("
                    + limits.maxEventsPerRequest() + ") must not exceed inlet.gateway.publish.max-events-in-flight ("
                    + properties.maxEventsInFlight() + ")");
        }
        this.streamBridge = streamBridge;
        this.binder = binder;
        this.properties = properties;
        this.metrics = metrics;
        this.inFlight = new Semaphore(properties.maxEventsInFlight());
        metrics.registry().gauge("inlet.gateway.events.in.flight", inFlight,
                s -> properties.maxEventsInFlight() - s.availablePermits());
    }

    /**
     * @return for each event, in order, whether JetStream already had its id (a duplicate)
     * @throws GatewaySaturatedException   when too many events are in flight
     * @throws PublishUnavailableException when JetStream did not confirm every event
     */
    List<Boolean> publish(List<OutgoingEvent> events) {
        int count = events.size();
        if (!binder.ready()) {
            throw new PublishUnavailableException("not connected to NATS yet", properties.unavailableRetryAfter(),
                    null);
        }
        if (!acquire(count)) {
            throw new GatewaySaturatedException(count, properties.maxEventsInFlight(), properties.saturatedRetryAfter());
        }
        long start = System.nanoTime();
        try (PublishScope scope = PublishScope.open(count)) {
            for (OutgoingEvent event : events) {
                String subject = Subjects.RAW.of(event.metadata().eventType());
                if (!streamBridge.send(subject, message(event))) {
                    throw new PublishUnavailableException("the binding for " + subject + " refused the message",
                            properties.unavailableRetryAfter(), null);
                }
            }
            List<PublishAck> acks = scope.awaitAcks();
            metrics.publishTimer().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            List<Boolean> duplicates = new ArrayList<>(acks.size());
            for (PublishAck ack : acks) {
                duplicates.add(ack.isDuplicate());
            }
            return duplicates;
        } catch (PublishFailedException e) {
            throw unavailable(e, "JetStream did not acknowledge every event (" + e.getMessage() + ")");
        } catch (MessagingException | ProvisioningException | BinderException e) {
            throw unavailable(e, "the NATS binding is not available (" + rootMessage(e) + ")");
        } finally {
            inFlight.release(count);
        }
    }

    private boolean acquire(int count) {
        try {
            return inFlight.tryAcquire(count, properties.acquireTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private PublishUnavailableException unavailable(RuntimeException e, String detail) {
        log.warn("Publish failed, answering 503: {}", detail);
        return new PublishUnavailableException(detail, properties.unavailableRetryAfter(), e);
    }

    private static Message<byte[]> message(OutgoingEvent event) {
        MessageBuilder<byte[]> builder = MessageBuilder.withPayload(event.json());
        event.metadata().toHeaders().forEach(builder::setHeader);
        event.extraHeaders().forEach(builder::setHeader);
        builder.setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON_VALUE);
        return builder.build();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
