package io.inlet.contracts;

/**
 * Header names, defined once. Between the stages a message is a frame (its envelope is inside it, see
 * {@code io.inlet.contracts.frame}) with only {@link #NATS_MSG_ID} and {@link #CONTENT_TYPE}; the other names here
 * are the documented headers of raw JSON that services publish straight to {@code inlet.raw.<type>}.
 */
public final class InletHeaders {

    /** JetStream's de-duplication header. */
    public static final String NATS_MSG_ID = "Nats-Msg-Id";
    /** The media type of the body. */
    public static final String CONTENT_TYPE = "contentType";

    /**
     * Raw JSON: the event's id; with several events in one message, event {@code i} gets {@code <id>-<i>}
     * ({@link EventIds#derived}).
     */
    public static final String EVENT_ID = "inlet-event-id";
    /** Raw JSON: a schema version the producer pins its events to (validated against it, not the latest). */
    public static final String SCHEMA_VERSION = "inlet-schema-version";

    private InletHeaders() {
    }
}
