package io.inlet.contracts;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The one definition of event ids: what a valid id is, how the ids of the events of one keyed message are derived
 * ({@code <key>-<n>}), the id of an event that comes without one (a UUIDv7), and the single fallback scheme for
 * input that cannot be split into events at all (a name-based UUID of where it was read, stable across
 * redeliveries). The gateway, the consumer, the pipeline and the lake all use these; none has its own.
 */
public final class EventIds {

    /** The default longest id, in characters. */
    public static final int DEFAULT_MAX_LENGTH = 128;

    private EventIds() {
    }

    /**
     * Why {@code id} is not a valid event id, or {@code null} when it is: 1 to {@code maxLength} visible ASCII
     * characters ({@code !} to {@code ~}: no spaces, no control characters, nothing a header or a log line would
     * mangle).
     */
    public static String problemWith(String id, int maxLength) {
        if (id == null || id.isEmpty()) {
            return "an id must not be empty";
        }
        if (id.length() > maxLength) {
            return "the id is " + id.length() + " characters; at most " + maxLength + " are allowed";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '!' || c > '~') {
                return "an id must be visible ASCII characters (no spaces or control characters); character " + i
                        + " is U+" + String.format("%04X", (int) c);
            }
        }
        return null;
    }

    public static boolean isValid(String id, int maxLength) {
        return problemWith(id, maxLength) == null;
    }

    /**
     * The id of event {@code position} of {@code count} that share one key (an {@code Idempotency-Key}, a raw
     * message's {@code inlet-event-id}): the key itself for a single event, else {@code <key>-<position>}.
     */
    public static String derived(String key, int position, int count) {
        return count == 1 ? key : key + "-" + position;
    }

    /** A new id for an event that came without one and without a key: a UUIDv7 (time-ordered). */
    public static String generate() {
        return UuidV7.generate().toString();
    }

    /**
     * The fallback id of event {@code position} of input read at {@code basis} (see {@link #basis}): a name-based
     * UUID, the same on every redelivery.
     */
    public static String fallback(String basis, int position) {
        return uuid(basis + "#" + position);
    }

    /** The fallback id under which input that could not be split into events at all is reported. */
    public static String fallbackForMessage(String basis) {
        return uuid(basis + "#message");
    }

    /**
     * Where input was read, as the basis of its fallback ids: the publisher's {@code Nats-Msg-Id} when it set one
     * (stable even when the publisher sends the message again), else the stream and sequence the message has in
     * JetStream, else (not from JetStream: tools, tests) its content.
     */
    public static String basis(String subject, String publisherMessageId, String stream, Long sequence,
                               byte[] body) {
        if (publisherMessageId != null && !publisherMessageId.isEmpty()) {
            return "msg-id:" + subject + ":" + publisherMessageId;
        }
        if (stream != null && sequence != null) {
            return "seq:" + stream + ":" + sequence;
        }
        return "content:" + subject + ":" + UUID.nameUUIDFromBytes(body == null ? new byte[0] : body);
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
