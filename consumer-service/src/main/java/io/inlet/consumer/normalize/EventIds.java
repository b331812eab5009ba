package io.inlet.consumer.normalize;

import io.inlet.contracts.InletHeaders;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids for events that arrive without one, derived only from the raw message and the event's position
 * in it, so that a redelivery of the same raw message yields the same ids and JetStream's
 * de-duplication ({@code Nats-Msg-Id}) stores each event once.
 *
 * <p>The basis is the publisher's {@code Nats-Msg-Id} when it set one (stable even if the publisher
 * re-sends the message), else the raw message's stream and sequence. The id is a name-based UUID
 * (version 3) of {@code basis#position}.
 */
public final class EventIds {

    private final String basis;

    private EventIds(String basis) {
        this.basis = basis;
    }

    public static EventIds of(RawMessage raw) {
        String publisherId = raw.header(InletHeaders.NATS_MSG_ID);
        if (publisherId != null) {
            return new EventIds("msg-id:" + raw.subject() + ":" + publisherId);
        }
        if (raw.stream() != null && raw.sequence() != null) {
            return new EventIds("seq:" + raw.stream() + ":" + raw.sequence());
        }
        // Not from JetStream (tests, tools): the content is the only stable basis left.
        return new EventIds("content:" + raw.subject() + ":" + UUID.nameUUIDFromBytes(raw.body()));
    }

    /** The id of the event at {@code position} (array index or NDJSON line among non-blank lines). */
    public String at(int position) {
        return uuid(basis + "#" + position);
    }

    /** The id under which a raw message that could not be split at all is reported. */
    public String ofMessage() {
        return uuid(basis + "#message");
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
