package io.inlet.contracts.frame;

import java.util.Objects;

/**
 * Where an event first entered JetStream: the raw message it came in (its stream, by incarnation, and stream
 * sequence) and its position in that message. Assigned once, by the consumer-service, and carried unchanged to the
 * lake, where it is the event's exactly-once key: the commit log records, per file, the ranges of {@link #key()}s
 * it holds, so a redelivered or re-published event is recognised without a row per event.
 *
 * @param stream   the stream's incarnation, {@code <name>@<created, epoch millis>}: a stream deleted and created
 *                 anew restarts its sequences, and must not look like the old one
 * @param sequence the raw message's stream sequence (at least 1)
 * @param index    the event's position in that message, {@code 0..}{@value #MAX_INDEX}
 * @param last     whether it is the message's last event
 */
public record Origin(String stream, long sequence, int index, boolean last) {

    /** The most events one raw message may hold, minus one: {@link #key()} keeps 16 bits for the position. */
    public static final int MAX_INDEX = 0xFFFF;

    public Origin {
        Objects.requireNonNull(stream, "stream");
        if (stream.isEmpty()) {
            throw new IllegalArgumentException("an origin names its stream");
        }
        if (sequence < 1 || sequence > (Long.MAX_VALUE >> 16) - 1) {
            throw new IllegalArgumentException("origin sequence out of range: " + sequence);
        }
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("origin index must be 0.." + MAX_INDEX + ", was " + index);
        }
    }

    /** The event's key in its stream's key space: {@code sequence << 16 | index}, ordered as the stream is. */
    public long key() {
        return (sequence << 16) | index;
    }

    /**
     * The end (exclusive) of the key range this event may stand for: the next key, or, for the last event of its
     * message, the first key of the next message, since no event has a key between. Consecutive messages of one
     * event type thus make one contiguous range however many events each holds.
     */
    public long endKey() {
        return last ? (sequence + 1) << 16 : key() + 1;
    }

    /** The origin of the {@code index}th of {@code count} events of one raw message. */
    public static Origin of(String stream, long sequence, int index, int count) {
        if (count < 1 || index >= count) {
            throw new IllegalArgumentException("event " + index + " of " + count);
        }
        return new Origin(stream, sequence, index, index == count - 1);
    }
}
