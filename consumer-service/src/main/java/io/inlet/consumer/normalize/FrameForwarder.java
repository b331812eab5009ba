package io.inlet.consumer.normalize;

import io.inlet.contracts.EventIds;
import io.inlet.contracts.EventType;
import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FrameFormatException;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Origin;
import io.inlet.contracts.frame.Replays;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Takes a frame as the gateway publishes it to {@code inlet.raw.<type>} on to the next stage: its events keep their
 * bytes and envelopes as they are (their JSON is not parsed here; the schema applier does that) and get the
 * {@link Origin} of their position in the raw message.
 *
 * <p>Nothing here throws for bad input. A frame whose event type is not the subject's sends every event to the
 * errors of the subject's type (stage decode). A frame that cannot be read (garbled, truncated, a newer format)
 * becomes one rejected event holding the message's bytes, with the message's fallback id. An error frame on a raw
 * subject (no stage publishes one) goes to the errors as it is, its failures kept; a filtered frame there (no stage publishes one either)
 * goes to the errors with stage decode.
 */
public final class FrameForwarder {

    private static final int MAX_EVENTS = Origin.MAX_INDEX + 1;

    public Decoded forward(RawMessage raw, Instant now) {
        EventFrame frame;
        try {
            frame = FrameCodec.decode(raw.body());
        } catch (FrameFormatException e) {
            return rejectMessage(raw, now, "not a readable frame", new Violation("", "frame", e.getMessage()));
        }
        int count = frame.events().size();
        if (count > MAX_EVENTS) {
            return rejectMessage(raw, now, count + " events in one frame", new Violation("", "maxEvents",
                    "the frame holds " + count + " events; at most " + MAX_EVENTS + " fit the positions of origins"));
        }
        Optional<EventType> subjectType = raw.type();
        FrameFailure mismatch = null;
        if (subjectType.isEmpty()) {
            mismatch = failure(raw, now, "subject does not name a valid event type",
                    new Violation("", "subject", raw.unroutableProblem()));
        } else if (frame.kind() == EventFrame.Kind.FILTERED) {
            mismatch = failure(raw, now, "a filtered frame on a raw subject", new Violation("", "frame",
                    "only the pipeline-service publishes filtered frames, to inlet.valid"));
        } else if (!subjectType.get().equals(frame.eventType())) {
            mismatch = failure(raw, now, "frame of event type " + frame.eventType() + " on the subject of "
                    + subjectType.get(), new Violation("", "eventType", "the frame's event type '"
                    + frame.eventType() + "' is not the subject's: '" + raw.subject() + "'"));
        }
        List<FramedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            FramedEvent event = frame.events().get(i);
            // A replayed event keeps its replay origin: the lake takes each replayed event once (Replays).
            Origin origin = Replays.isReplay(event.origin()) ? null : raw.origin(i, count);
            event = origin == null ? event : event.withOrigin(origin);
            events.add(mismatch == null ? event : event.failed(mismatch));
        }
        EventType type = raw.typeOrUnroutable();
        boolean rejected = mismatch != null || frame.kind() == EventFrame.Kind.ERRORS;
        return rejected ? new Decoded(type, List.of(), events) : new Decoded(type, events, List.of());
    }

    private static Decoded rejectMessage(RawMessage raw, Instant now, String reason, Violation violation) {
        FramedEvent rejection = new FramedEvent(EventIds.fallbackForMessage(raw.idBasis()), raw.receivedAt(now),
                RawMessageNormalizer.SOURCE_NATS, null, null, null, null, null, raw.origin(0, 1),
                failure(raw, now, reason, violation), raw.body());
        return Decoded.rejected(raw.typeOrUnroutable(), rejection);
    }

    private static FrameFailure failure(RawMessage raw, Instant now, String reason, Violation violation) {
        return new FrameFailure(FrameFailure.STAGE_DECODE, reason, List.of(violation), raw.subject(), now);
    }
}
