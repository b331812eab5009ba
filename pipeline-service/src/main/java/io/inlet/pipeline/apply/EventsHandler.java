package io.inlet.pipeline.apply;

import io.inlet.binder.NatsBatch;
import io.inlet.binder.tracing.FrameTracing;
import io.inlet.binder.tracing.SpanAttributes;
import io.inlet.binder.tracing.TraceSpan;
import io.inlet.contracts.frame.MessageIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Handles one batch of frames from {@code inlet.events.>}: applies each event's schema and publishes, per input
 * frame, at most one frame of valid events, one of errors and one of filtered events, with de-duplication ids derived from the input alone
 * (its stream incarnation and sequence), so a redelivered input republishes what JetStream then drops. Invalid
 * events and unreadable frames are outcomes, not failures; the failures that propagate (and make the binder nak
 * the batch for a later retry) are a registry that cannot be reached for a schema not cached yet, and a publish
 * JetStream did not confirm. Each input frame is handled in a span that continues its trace (with tracing on).
 */
@Component
class EventsHandler {

    static final String STAGE = "pipeline";

    private final FrameApplier applier;
    private final FrameOutputs outputs;
    private final Clock clock;
    private final FrameTracing tracing;
    private final Counter valid;
    private final Counter rejected;
    private final Counter filtered;
    private final Counter decoded;
    private final Counter undecodable;

    EventsHandler(SchemaApplier applier, FrameOutputs outputs, ObjectProvider<Clock> clock,
            ObjectProvider<MeterRegistry> meters, ObjectProvider<FrameTracing> tracing) {
        this.applier = new FrameApplier(applier);
        this.tracing = tracing.getIfAvailable(() -> FrameTracing.OFF);
        this.outputs = outputs;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.valid = Counter.builder("inlet.pipeline.events").tag("outcome", "valid")
                .description("Events published to inlet.valid").register(registry);
        this.rejected = Counter.builder("inlet.pipeline.events").tag("outcome", "rejected")
                .description("Events published to inlet.errors").register(registry);
        this.filtered = Counter.builder("inlet.pipeline.events").tag("outcome", "filtered")
                .description("Valid events a step of their pipeline filtered (a filtered frame on inlet.valid)")
                .register(registry);
        this.decoded = Counter.builder("inlet.pipeline.frames").tag("outcome", "decoded")
                .description("Frames read from inlet.events and handled").register(registry);
        this.undecodable = Counter.builder("inlet.pipeline.frames").tag("outcome", "undecodable")
                .description("Messages of inlet.events that were no readable frame (published to inlet.errors)")
                .register(registry);
    }

    void handle(Message<?> batch) {
        Instant now = clock.instant();
        int maxFrameBytes = outputs.maxFrameBytes();
        for (NatsBatch.Entry entry : NatsBatch.of(batch)) {
            Long sequence = entry.streamSequence();
            if (sequence == null || entry.streamIncarnation() == null) {
                throw new IllegalStateException("a delivery from " + entry.subject()
                        + " without its stream and sequence: the pipeline reads JetStream only");
            }
            FrameApplier.Applied applied;
            try (TraceSpan span = tracing.receiving(STAGE, entry.subject(), entry.headers())) {
                applied = applier.apply(entry, now, maxFrameBytes);
                if (span.recording()) {
                    span.tag(SpanAttributes.EVENT_COUNT, applied.validEvents() + applied.rejectedEvents()
                            + applied.filteredEvents());
                    span.tag("inlet.events.valid", applied.validEvents());
                    span.tag("inlet.events.rejected", applied.rejectedEvents());
                }
                if (applied.valid() != null) {
                    outputs.publishValid(applied.valid(),
                            MessageIds.output(STAGE, entry.streamIncarnation(), sequence, "valid"));
                }
                if (applied.errors() != null) {
                    outputs.publishErrors(applied.errors(),
                            MessageIds.output(STAGE, entry.streamIncarnation(), sequence, "errors"));
                }
                if (applied.filtered() != null) {
                    outputs.publishFiltered(applied.filtered(),
                            MessageIds.output(STAGE, entry.streamIncarnation(), sequence, "filtered"));
                }
            }
            valid.increment(applied.validEvents());
            rejected.increment(applied.rejectedEvents());
            filtered.increment(applied.filteredEvents());
            (applied.decoded() ? decoded : undecodable).increment();
        }
    }
}
