package io.inlet.contracts;

import java.util.Optional;

/**
 * The NATS subjects of the pipeline, one family per stage boundary. Every subject is
 * {@code <prefix>.<eventType>}; {@code <prefix>.>} matches all event types of a stage.
 */
public enum Subjects {

    /** What producers send: the gateway, or services publishing to NATS directly. */
    RAW("inlet.raw"),
    /** Single, normalized events with ids, written by the consumer-service. */
    EVENTS("inlet.events"),
    /** Events that passed their schema, typed and transformed, written by the pipeline-service. */
    VALID("inlet.valid"),
    /** Events that failed decoding or their schema, with the reason. */
    ERRORS("inlet.errors");

    private final String prefix;

    Subjects(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The subject of one event type in this family, e.g. {@code inlet.raw.order.created}. */
    public String of(EventType type) {
        return prefix + "." + type.name();
    }

    /** The wildcard that matches every event type of this family, e.g. {@code inlet.raw.>}. */
    public String all() {
        return prefix + ".>";
    }

    /** The default JetStream stream name that holds this family, e.g. {@code INLET_RAW}. */
    public String streamName() {
        return prefix.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * The event type of a subject of this family, if the subject belongs to it and its tail is a
     * valid event type name.
     */
    public Optional<EventType> eventTypeOf(String subject) {
        if (subject == null || !subject.startsWith(prefix + ".")) {
            return Optional.empty();
        }
        String tail = subject.substring(prefix.length() + 1);
        return EventType.isValid(tail) ? Optional.of(new EventType(tail)) : Optional.empty();
    }
}
