package io.inlet.consumer.route;

import io.inlet.binder.FramePublisher;
import io.inlet.binder.NatsBatch;
import io.inlet.binder.NatsOutputs;
import io.inlet.binder.tracing.FrameTracing;
import io.inlet.binder.tracing.SpanAttributes;
import io.inlet.binder.tracing.TraceSpan;
import io.inlet.consumer.normalize.Decoded;
import io.inlet.consumer.normalize.FrameForwarder;
import io.inlet.consumer.normalize.RawMessage;
import io.inlet.consumer.normalize.RawMessageNormalizer;
import io.inlet.contracts.EventType;
import io.inlet.contracts.Subjects;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FrameFit;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.MessageIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Handles one batch from {@code inlet.raw.>} and publishes frames to {@code inlet.events.<type>} (binding
 * {@code inletEvents}) and {@code inlet.errors.<type>} (binding {@code inletErrors}).
 *
 * <p>A frame (what the gateway publishes) is forwarded as one frame of its own, its message id derived from the
 * raw message ({@link MessageIds#output}), so a redelivered frame republishes what JetStream drops as a duplicate.
 * Raw JSON (what services publish straight to NATS, typically one small event per message) is gathered: the events
 * of all such messages of the batch make one events frame per type, their rejections one errors frame per type
 * ({@link MessageIds#gathered}).
 *
 * <p>Bad input never throws (it becomes an error event); only a failure to publish does, so the binder naks the
 * batch and it is redelivered, yielding the same ids and origins. The publishes join the binder's publish scope:
 * the batch is acked only once JetStream confirmed every frame.
 *
 * <p>Traces: a forwarded frame is handled in a span continuing the raw message's trace, so its output is a child of
 * it; a gathered frame is published in a span that is a child of its first traced input and links to the others.
 */
@Component
class RawMessageRouter {

    static final String STAGE = "consumer";
    private static final String UNKNOWN_STREAM = "unknown";
    private static final Logger log = LoggerFactory.getLogger(RawMessageRouter.class);

    private final RawMessageNormalizer normalizer;
    private final FrameForwarder forwarder;
    private final NatsOutputs outputs;
    private final Clock clock;
    private final FrameTracing tracing;
    private final Counter normalized;
    private final Counter rejected;
    private final Counter forwardedFrames;
    private final Counter gatheredFrames;

    RawMessageRouter(RawMessageNormalizer normalizer, FrameForwarder forwarder, NatsOutputs outputs,
            ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters, ObjectProvider<FrameTracing> tracing) {
        this.normalizer = normalizer;
        this.tracing = tracing.getIfAvailable(() -> FrameTracing.OFF);
        this.forwarder = forwarder;
        this.outputs = outputs;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.normalized = Counter.builder("inlet.consumer.events").tag("outcome", "normalized")
                .description("Events published to inlet.events").register(registry);
        this.rejected = Counter.builder("inlet.consumer.events").tag("outcome", "rejected")
                .description("Undecodable input published to inlet.errors").register(registry);
        this.forwardedFrames = Counter.builder("inlet.consumer.frames").tag("kind", "forwarded")
                .description("Frame messages published, each from one raw frame").register(registry);
        this.gatheredFrames = Counter.builder("inlet.consumer.frames").tag("kind", "gathered")
                .description("Frame messages published, gathered from the raw JSON messages of a batch")
                .register(registry);
    }

    void route(Message<?> batch) {
        Instant now = clock.instant();
        Gathering gathering = new Gathering();
        for (NatsBatch.Entry entry : NatsBatch.of(batch)) {
            RawMessage raw = new RawMessage(entry);
            String incarnation = raw.incarnation() == null ? UNKNOWN_STREAM : raw.incarnation();
            if (FrameCodec.isFrame(raw.body())) {
                long sequence = raw.sequence() == null ? 0 : raw.sequence();
                try (TraceSpan span = tracing.receiving(STAGE, entry.subject(), entry.headers())) {
                    Decoded decoded = forwarder.forward(raw, now);
                    tag(span, decoded);
                    publish(decoded, MessageIds.output(STAGE, incarnation, sequence, "events"),
                            MessageIds.output(STAGE, incarnation, sequence, "errors"), forwardedFrames, now);
                }
            } else {
                gathering.add(incarnation, normalizer.normalize(raw, now), tracing.refOf(entry.headers()));
            }
        }
        gathering.forEach((key, decoded, inputs) -> {
            try (TraceSpan span = tracing.gathering("gather " + key.type().name(), STAGE, inputs)) {
                tag(span, decoded);
                publish(decoded, MessageIds.gathered(STAGE, key.incarnation(), key.type().name(), "events"),
                        MessageIds.gathered(STAGE, key.incarnation(), key.type().name(), "errors"), gatheredFrames, now);
            }
        });
    }

    private static void tag(TraceSpan span, Decoded decoded) {
        if (span.recording()) {
            span.tag(SpanAttributes.EVENT_TYPE, decoded.type().name());
            span.tag(SpanAttributes.EVENT_COUNT, decoded.events().size() + decoded.rejected().size());
        }
    }

    private void publish(Decoded decoded, String eventsIdBase, String errorsIdBase, Counter frames, Instant now) {
        decoded = fitted(decoded, now);
        EventFrame events = decoded.eventsFrame();
        if (events != null) {
            frames.increment(events().publish(Subjects.EVENTS, events, eventsIdBase).size());
            normalized.increment(events.events().size());
        }
        EventFrame errors = decoded.errorsFrame();
        if (errors != null) {
            frames.increment(errors().publish(Subjects.ERRORS, errors, errorsIdBase).size());
            rejected.increment(errors.events().size());
            if (log.isDebugEnabled()) {
                errors.events().forEach(e -> log.debug("Rejected {} of {} from {}: {}", e.eventId(),
                        errors.eventType(), e.failure().subject(), e.failure().reason()));
            }
        }
    }

    /**
     * Every event made publishable ({@link FrameFit}): a raw JSON event that fit its NATS message may not fit one
     * with its envelope, and would otherwise make the publisher refuse the batch until it is dead-lettered. Such an
     * event goes to the errors (stage decode), a rejection too large is cut to fit. The frames' estimates decide
     * for nearly every batch without looking at single events.
     */
    private Decoded fitted(Decoded decoded, Instant now) {
        EventFrame events = decoded.eventsFrame();
        EventFrame errors = decoded.errorsFrame();
        int eventsBound = events == null ? Integer.MAX_VALUE : events().maxFrameBytes();
        int errorsBound = errors == null && events == null ? Integer.MAX_VALUE : errors().maxFrameBytes();
        if ((events == null || FrameCodec.estimateSize(events) <= eventsBound)
                && (errors == null || FrameCodec.estimateSize(errors) <= errorsBound)) {
            return decoded;
        }
        EventType type = decoded.type();
        String subject = Subjects.RAW.of(type);
        List<FramedEvent> valid = new ArrayList<>(decoded.events().size());
        List<FramedEvent> rejected = new ArrayList<>(decoded.rejected().size());
        for (FramedEvent event : decoded.events()) {
            FramedEvent tooLarge = FrameFit.tooLargeWhenValid(event, event, type, FrameFailure.STAGE_DECODE, subject,
                    now, Math.min(eventsBound, errorsBound));
            if (tooLarge == null) {
                valid.add(event);
            } else {
                rejected.add(tooLarge);
            }
        }
        for (FramedEvent rejection : decoded.rejected()) {
            rejected.add(FrameFit.error(rejection, type, errorsBound));
        }
        return new Decoded(type, valid, rejected);
    }

    private FramePublisher events() {
        return outputs.frames("inletEvents");
    }

    private FramePublisher errors() {
        return outputs.frames("inletErrors");
    }
}
