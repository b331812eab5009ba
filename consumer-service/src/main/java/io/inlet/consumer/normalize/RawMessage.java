package io.inlet.consumer.normalize;

import io.inlet.binder.NatsBatch;
import io.inlet.contracts.EventIds;
import io.inlet.contracts.EventType;
import io.inlet.contracts.Subjects;
import io.inlet.contracts.frame.Origin;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One message as read from {@code inlet.raw.<type>}: its body, the headers the binder handed in, and where
 * JetStream holds it (stream incarnation and sequence), from which every event it yields gets its {@link Origin}.
 */
public record RawMessage(NatsBatch.Entry entry) {

    public RawMessage {
        if (entry.payload() == null || entry.headers() == null) {
            entry = new NatsBatch.Entry(entry.payload() == null ? new byte[0] : entry.payload(),
                    entry.headers() == null ? Map.of() : entry.headers());
        }
    }

    public byte[] body() {
        return entry.payload();
    }

    public String subject() {
        return entry.subject();
    }

    /** The stream's incarnation ({@code <stream>@<created>}), or {@code null} when not read from JetStream. */
    public String incarnation() {
        return entry.streamIncarnation();
    }

    /** The stream sequence, or {@code null} when not read from JetStream. */
    public Long sequence() {
        return entry.streamSequence();
    }

    /** A header as text, or {@code null} when absent or empty. */
    public String header(String name) {
        String value = entry.header(name);
        return value == null || value.isEmpty() ? null : value;
    }

    public Map<String, Object> headers() {
        return entry.headers();
    }

    /** The event type the subject names, if it names a valid one. */
    public Optional<EventType> type() {
        return Subjects.RAW.eventTypeOf(subject());
    }

    /** The type its outputs go to: the subject's, or {@link EventType#UNROUTABLE}. */
    public EventType typeOrUnroutable() {
        return type().orElse(EventType.UNROUTABLE);
    }

    /** What the subject's tail is, when it names no valid event type: for the rejection's message. */
    public String unroutableProblem() {
        String subject = subject();
        String prefix = Subjects.RAW.prefix() + ".";
        if (subject == null || !subject.startsWith(prefix)) {
            return "subject '" + subject + "': not under " + Subjects.RAW.all();
        }
        String tail = subject.substring(prefix.length());
        return "subject '" + subject + "': " + (tail.isEmpty() ? "no event type" : EventType.problemWith(tail));
    }

    /** The basis of the message's fallback ids ({@link EventIds#basis}): the same on every redelivery. */
    public String idBasis() {
        return EventIds.basis(subject(), entry.publisherMessageId(), entry.stream(), sequence(), body());
    }

    /**
     * The origin of event {@code index} of {@code count} taken from this message, or {@code null} when the message
     * was not read from JetStream (no stream sequence: tools, tests).
     */
    public Origin origin(int index, int count) {
        Long sequence = sequence();
        String incarnation = incarnation();
        if (sequence == null || incarnation == null || incarnation.isEmpty()) {
            return null;
        }
        return Origin.of(incarnation, sequence, index, count);
    }

    /** When Inlet received the message: when JetStream stored it (the same on every redelivery), else {@code now}. */
    public Instant receivedAt(Instant now) {
        Instant stored = entry.storedAt();
        return stored != null ? stored : now;
    }
}
