package io.inlet.gateway.ingest;

import io.inlet.binder.JetStreamOutput;
import io.inlet.binder.NatsOutputs;
import io.inlet.binder.PublishFailedException;
import io.inlet.binder.PublishScope;
import io.inlet.contracts.Subjects;
import io.nats.client.api.PublishAck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes the events of one request to {@code inlet.raw.<type>} (through the producer binding
 * {@value #BINDING}) and returns only when JetStream has confirmed every one of them. The publishes of
 * a request are pipelined inside one {@link PublishScope}; across requests at most {@code max-events-in-flight} events wait for their
 * PubAck, so a slow JetStream turns into quick 429s instead of unbounded memory.
 */
@Component
class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    /** The producer binding whose destination, {@code inlet.raw.>}, covers every event type. */
    static final String BINDING = "inletRaw";

    private final NatsOutputs outputs;
    private final PublishProperties properties;
    private final IngestMetrics metrics;
    private final Semaphore inFlight;
    private final NatsBinderWarmup binder;

    EventPublisher(NatsOutputs outputs, PublishProperties properties, IngestLimits limits, IngestMetrics metrics,
            NatsBinderWarmup binder) {
        if (limits.maxEventsPerRequest() > properties.maxEventsInFlight()) {
            throw new IllegalStateException("inlet.gateway.limits.max-events-per-request ("
                    + limits.maxEventsPerRequest() + ") must not exceed inlet.gateway.publish.max-events-in-flight ("
                    + properties.maxEventsInFlight() + ")");
        }
        this.outputs = outputs;
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
            JetStreamOutput raw = outputs.get(BINDING);
            for (OutgoingEvent event : events) {
                raw.publish(Subjects.RAW.of(event.metadata().eventType()), event.json(), headers(event));
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
        } catch (RuntimeException e) {
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

    private static Map<String, String> headers(OutgoingEvent event) {
        Map<String, String> metadata = event.metadata().toHeaders();
        if (event.extraHeaders().isEmpty()) {
            return metadata;
        }
        Map<String, String> headers = new LinkedHashMap<>(event.extraHeaders());
        headers.putAll(metadata);
        return headers;
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
