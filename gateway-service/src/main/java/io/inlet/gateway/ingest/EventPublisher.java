package io.inlet.gateway.ingest;

import io.inlet.binder.FramePublisher;
import io.inlet.binder.FramePublisher.Part;
import io.inlet.binder.FrameTooLargeException;
import io.inlet.binder.NatsOutputs;
import io.inlet.binder.PublishFailedException;
import io.inlet.binder.PublishScope;
import io.inlet.contracts.EventType;
import io.inlet.contracts.Subjects;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FrameFit;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.MessageIds;
import io.inlet.gateway.ingest.LimitExceededException.Limit;
import io.nats.client.api.PublishAck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes the events of one request to {@code inlet.raw.<type>} (through the producer binding
 * {@value #BINDING}) as frames, one per event type (more when a frame exceeds the server's
 * {@code max_payload}), and returns only when JetStream has confirmed every one of them. The publishes of
 * a request are pipelined inside one {@link PublishScope}; across requests at most {@code max-events-in-flight}
 * events wait for their PubAck, so a slow JetStream turns into quick 429s instead of unbounded memory.
 */
@Component
class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    /** The producer binding whose destination, {@code inlet.raw.>}, covers every event type. */
    static final String BINDING = "inletRaw";

    private final NatsOutputs outputs;
    private final PublishProperties properties;
    private final IngestLimits limits;
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
        this.limits = limits;
        this.metrics = metrics;
        this.inFlight = new Semaphore(properties.maxEventsInFlight());
        metrics.registry().gauge("inlet.gateway.events.in.flight", inFlight,
                s -> properties.maxEventsInFlight() - s.availablePermits());
    }

    /**
     * The largest event payload a JetStream message carries, from the connected server's {@code max_payload};
     * empty while that is not known (not connected yet: the publish then answers 503 anyway).
     */
    OptionalInt maxEventBytes() {
        if (!binder.ready()) {
            return OptionalInt.empty();
        }
        try {
            return raw().knownMaxEventBytes();
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * @param events the request's events, in request order
     * @return how many of them JetStream already had (they came in frames it had stored: a retry)
     * @throws GatewaySaturatedException   when too many events are in flight
     * @throws PublishUnavailableException when JetStream did not confirm every frame
     * @throws LimitExceededException      when an event, with its envelope, does not fit a JetStream message
     */
    int publish(List<OutgoingEvent> events) {
        int count = events.size();
        if (!binder.ready()) {
            throw new PublishUnavailableException("not connected to NATS yet", properties.unavailableRetryAfter(),
                    null);
        }
        Map<EventType, List<FramedEvent>> byType = byType(events);
        FramePublisher raw;
        try {
            raw = raw();
            OptionalInt maxFrameBytes = raw.knownMaxFrameBytes();
            if (maxFrameBytes.isEmpty()) {
                throw new PublishUnavailableException("not connected to NATS yet", properties.unavailableRetryAfter(),
                        null);
            }
            checkEachFits(events, raw, maxFrameBytes.getAsInt());
        } catch (LimitExceededException | PublishUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable(e, "the NATS binding is not available (" + rootMessage(e) + ")");
        }
        if (!acquire(count)) {
            throw new GatewaySaturatedException(count, properties.maxEventsInFlight(), properties.saturatedRetryAfter());
        }
        long start = System.nanoTime();
        try (PublishScope scope = PublishScope.open(count)) {
            List<Part> parts = new ArrayList<>();
            for (Map.Entry<EventType, List<FramedEvent>> frame : byType.entrySet()) {
                parts.addAll(raw.publish(Subjects.RAW, EventFrame.events(frame.getKey(), frame.getValue()),
                        MessageIds.gateway(frame.getKey().name())));
            }
            List<PublishAck> acks = scope.awaitAcks();
            if (acks.size() != parts.size()) {
                throw new PublishFailedException(Subjects.RAW.prefix() + ".>", parts.size() + " messages published but "
                        + acks.size() + " PubAcks came", null);
            }
            metrics.publishTimer().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            metrics.published(parts.size());
            int duplicates = 0;
            for (int i = 0; i < parts.size(); i++) {
                if (acks.get(i).isDuplicate()) {
                    duplicates += parts.get(i).events();
                }
            }
            return duplicates;
        } catch (FrameTooLargeException e) {
            // checkEachFits() rules this out; should the bound change under us, it is still the client's 413
            throw new LimitExceededException(Limit.MAX_EVENT_SIZE, effectiveMaxEventSize(raw), "An event does not fit one "
                    + "JetStream message: " + e.getMessage());
        } catch (PublishFailedException e) {
            throw unavailable(e, "JetStream did not acknowledge every event (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            throw unavailable(e, "the NATS binding is not available (" + rootMessage(e) + ")");
        } finally {
            inFlight.release(count);
        }
    }

    private long effectiveMaxEventSize(FramePublisher raw) {
        try {
            return Math.min(limits.maxEventSize().toBytes(), raw.maxEventBytes());
        } catch (RuntimeException e) {
            return limits.maxEventSize().toBytes();
        }
    }

    private FramePublisher raw() {
        return outputs.frames(BINDING);
    }

    /** The frames of the request: one per event type, in the order the types first appear, events in request order. */
    private static Map<EventType, List<FramedEvent>> byType(List<OutgoingEvent> events) {
        Map<EventType, List<FramedEvent>> byType = new LinkedHashMap<>();
        for (OutgoingEvent event : events) {
            byType.computeIfAbsent(event.eventType(), t -> new ArrayList<>()).add(event.event());
        }
        return byType;
    }

    /**
     * Refuses, before anything is published, an event that would not fit a message of its own with its envelope
     * and CloudEvents attributes (its payload alone was checked against the effective max-event-size already).
     */
    private void checkEachFits(List<OutgoingEvent> events, FramePublisher raw, int maxFrameBytes) {
        for (OutgoingEvent event : events) {
            if (!FrameFit.fits(event.event(), event.eventType(), EventFrame.Kind.EVENTS, maxFrameBytes)) {
                int size = FrameCodec.encode(EventFrame.events(event.eventType(), List.of(event.event()))).length;
                throw new LimitExceededException(Limit.MAX_EVENT_SIZE, effectiveMaxEventSize(raw), "Event " + event.index()
                        + " is " + event.event().payload().length + " bytes, with its envelope and CloudEvents "
                        + "attributes " + size + " bytes; one JetStream message carries at most " + maxFrameBytes
                        + " bytes (the NATS server's max_payload): send smaller events or fewer attributes")
                        .atEvent(event.index());
            }
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

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
