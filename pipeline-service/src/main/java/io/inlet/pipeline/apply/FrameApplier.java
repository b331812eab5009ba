package io.inlet.pipeline.apply;

import io.inlet.binder.NatsBatch;
import io.inlet.contracts.EventIds;
import io.inlet.contracts.EventType;
import io.inlet.contracts.Subjects;
import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FrameFit;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Origin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one frame read from {@code inlet.events.<type>} into what the pipeline publishes for it: at most one frame
 * of valid events, one of errors and one of filtered events (each naming the step), in the input's order. Bad input never throws: a message that is no readable
 * frame becomes an error of one event holding its bytes, a frame of another event type than its subject's makes
 * all its events errors (stage {@code decode}). Throws only what {@link SchemaApplier} throws (the registry cannot
 * be reached for what is not cached).
 */
final class FrameApplier {

    private final SchemaApplier applier;

    FrameApplier(SchemaApplier applier) {
        this.applier = applier;
    }

    /**
     * What one input frame yields.
     *
     * @param valid    the valid frame to publish, or {@code null}
     * @param errors   the error frame to publish, or {@code null}
     * @param filtered the frame of events a pipeline step kept out, each naming the step, or {@code null}
     * @param decoded  whether the message was a readable frame
     */
    record Applied(EventFrame valid, EventFrame errors, EventFrame filtered, boolean decoded) {

        int filteredEvents() {
            return filtered == null ? 0 : filtered.events().size();
        }

        int validEvents() {
            return valid == null ? 0 : valid.events().size();
        }

        int rejectedEvents() {
            return errors == null ? 0 : errors.events().size();
        }
    }

    /**
     * @param maxFrameBytes the largest encoded frame one message carries: no event is published that would not fit
     *                      one of its own (see {@link FrameFit})
     */
    Applied apply(NatsBatch.Entry entry, Instant now, int maxFrameBytes) {
        String subject = entry.subject();
        Optional<EventType> subjectType = Subjects.EVENTS.eventTypeOf(subject);
        EventType errorsType = subjectType.orElse(EventType.UNROUTABLE);
        EventFrame frame;
        try {
            frame = FrameCodec.decode(entry.payload());
        } catch (RuntimeException e) {
            // FrameFormatException, or anything else the bytes make the codec throw: bad input, not a failure
            return new Applied(null, EventFrame.errors(errorsType, List.of(FrameFit.error(undecodable(entry, subject,
                    now, String.valueOf(e.getMessage())), errorsType, maxFrameBytes))), null, false);
        }
        String mismatch = frame.kind() != EventFrame.Kind.EVENTS
                ? "an error frame on '" + subject + "': inlet.events carries event frames only"
                : subjectType.isEmpty() || !subjectType.get().equals(frame.eventType())
                        ? "subject '" + subject + "' does not match the frame's event type '" + frame.eventType() + "'"
                        : null;
        if (mismatch != null) {
            FrameFailure failure = new FrameFailure(FrameFailure.STAGE_DECODE, mismatch,
                    List.of(new Violation("", "event-type", mismatch)), subject, now);
            List<FramedEvent> errors = frame.events().stream()
                    .map(event -> FrameFit.error(event.failed(failure), errorsType, maxFrameBytes)).toList();
            return new Applied(null, EventFrame.errors(errorsType, errors), null, true);
        }
        EventType type = frame.eventType();
        List<FramedEvent> valid = new ArrayList<>(frame.events().size());
        List<FramedEvent> errors = new ArrayList<>();
        List<FramedEvent> filtered = new ArrayList<>();
        SchemaApplier.FrameOutcomes outcomes = applier.applyFrame(frame.events(), type, subject, now);
        for (int i = 0; i < frame.events().size(); i++) {
            FramedEvent event = frame.events().get(i);
            Outcome outcome = outcomes.outcomes().get(i);
            if (outcome instanceof Outcome.Valid ok) {
                FramedEvent tooLarge = FrameFit.tooLargeWhenValid(ok.event(), event, type,
                        FrameFailure.STAGE_TRANSFORM, subject, now, maxFrameBytes);
                if (tooLarge == null) {
                    valid.add(ok.event());
                } else {
                    errors.add(tooLarge);
                }
            } else if (outcome instanceof Outcome.Rejected rejected) {
                errors.add(FrameFit.error(rejected.event(), type, maxFrameBytes));
            } else if (outcome instanceof Outcome.Filtered kept) {
                filtered.add(kept.event());
            }
        }
        return new Applied(valid.isEmpty() ? null : EventFrame.events(type, valid, outcomes.pipelineRevision()),
                errors.isEmpty() ? null : EventFrame.errors(type, errors),
                filtered.isEmpty() ? null : EventFrame.filtered(type, filtered), true);
    }

    /**
     * The message as one failed event: its bytes, the fallback id of its place in JetStream, and an origin of its
     * own (this input's stream incarnation and sequence: no raw message's origin can be read from it).
     */
    private static FramedEvent undecodable(NatsBatch.Entry entry, String subject, Instant now, String reason) {
        Long sequence = entry.streamSequence();
        String id = EventIds.fallbackForMessage(EventIds.basis(subject, entry.publisherMessageId(), entry.stream(),
                sequence, entry.payload()));
        String incarnation = entry.streamIncarnation();
        Origin origin = incarnation == null || sequence == null ? null : Origin.of(incarnation, sequence, 0, 1);
        Instant receivedAt = entry.storedAt() != null ? entry.storedAt() : now;
        FrameFailure failure = new FrameFailure(FrameFailure.STAGE_DECODE, reason, List.of(new Violation("", "frame", reason)),
                subject, now);
        return new FramedEvent(id, receivedAt, "nats", null, null, null, null, Map.of(), origin, failure,
                entry.payload());
    }
}
