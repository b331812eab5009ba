package io.inlet.contracts.frame;

import io.inlet.contracts.EventType;
import java.util.List;
import java.util.Objects;

/**
 * The unit on the wire between the stages: one JetStream message carrying a batch of events of one event type,
 * each with its exact bytes and envelope. {@link FrameCodec} writes and reads it; ARCHITECTURE.md documents the
 * format.
 *
 * @param kind             {@link Kind#EVENTS} (raw, events and valid subjects), {@link Kind#ERRORS} (every event
 *                         failed) or {@link Kind#FILTERED} (valid subject: events a pipeline step filtered, each with
 *                         its {@link FilteredBy} and no payload)
 * @param events           at least one
 * @param pipelineRevision the revision of the event type's pipeline that made the events (set by the pipeline on
 *                         valid frames, so the lake writes them with that revision's output columns; {@code 0}:
 *                         no step declared), {@code null} when the frame says nothing about it
 */
public record EventFrame(EventType eventType, Kind kind, List<FramedEvent> events, Long pipelineRevision) {

    public enum Kind { EVENTS, ERRORS, FILTERED }

    public EventFrame {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(kind, "kind");
        events = List.copyOf(events);
        if (pipelineRevision != null && pipelineRevision < 0) {
            throw new IllegalArgumentException("a pipeline revision is at least 0: " + pipelineRevision);
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a frame holds at least one event");
        }
        for (FramedEvent event : events) {
            if ((kind == Kind.ERRORS) != (event.failure() != null)) {
                throw new IllegalArgumentException(kind == Kind.ERRORS
                        ? "every event of an error frame has a failure: " + event.eventId()
                        : "an event frame holds no failed event: " + event.eventId());
            }
            if ((kind == Kind.FILTERED) != (event.filteredBy() != null)) {
                throw new IllegalArgumentException(kind == Kind.FILTERED
                        ? "every event of a filtered frame names the step that filtered it: " + event.eventId()
                        : "only a filtered frame holds filtered events: " + event.eventId());
            }
            if (kind == Kind.FILTERED && event.payload().length > 0) {
                throw new IllegalArgumentException("a filtered frame carries no payload: " + event.eventId());
            }
        }
    }

    /** A frame that says nothing of a pipeline revision. */
    public EventFrame(EventType eventType, Kind kind, List<FramedEvent> events) {
        this(eventType, kind, events, null);
    }

    public static EventFrame events(EventType type, List<FramedEvent> events) {
        return new EventFrame(type, Kind.EVENTS, events);
    }

    /** Events that pipeline revision {@code pipelineRevision} made ({@code null}: unknown). */
    public static EventFrame events(EventType type, List<FramedEvent> events, Long pipelineRevision) {
        return new EventFrame(type, Kind.EVENTS, events, pipelineRevision);
    }

    public static EventFrame errors(EventType type, List<FramedEvent> events) {
        return new EventFrame(type, Kind.ERRORS, events);
    }

    /** Events a pipeline step filtered (see {@link FramedEvent#filtered}). */
    public static EventFrame filtered(EventType type, List<FramedEvent> events) {
        return new EventFrame(type, Kind.FILTERED, events);
    }
}
