package io.inlet.consumer.normalize;

import io.inlet.contracts.EventType;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FramedEvent;
import java.util.List;

/**
 * What one raw message became: the events that go on to {@code inlet.events.<type>} and the rejected ones (each
 * with its {@link io.inlet.contracts.frame.FrameFailure}) for {@code inlet.errors.<type>}, all with their origins.
 *
 * @param type     the event type of both outputs: the subject's, or {@link io.inlet.contracts.EventType#UNROUTABLE}
 * @param events   in the order of the message
 * @param rejected in the order of the message
 */
public record Decoded(EventType type, List<FramedEvent> events, List<FramedEvent> rejected) {

    public Decoded {
        events = List.copyOf(events);
        rejected = List.copyOf(rejected);
    }

    public static Decoded rejected(EventType type, FramedEvent rejection) {
        return new Decoded(type, List.of(), List.of(rejection));
    }

    /** The events frame, or {@code null} when nothing passed. */
    public EventFrame eventsFrame() {
        return events.isEmpty() ? null : EventFrame.events(type, events);
    }

    /** The errors frame, or {@code null} when nothing was rejected. */
    public EventFrame errorsFrame() {
        return rejected.isEmpty() ? null : EventFrame.errors(type, rejected);
    }
}
