package io.inlet.contracts;

/**
 * Message header names, defined once. They travel as NATS headers between the stages (the binder
 * maps Spring message headers to NATS headers and back, both ways, unchanged).
 */
public final class InletHeaders {

    /** JetStream's de-duplication header; the binder sets it from {@link #EVENT_ID} when asked. */
    public static final String NATS_MSG_ID = "Nats-Msg-Id";

    /** The event's id: the producer's, else a UUIDv7 (gateway) or a deterministic id (consumer). */
    public static final String EVENT_ID = "inlet-event-id";
    /** The event type name; equals the subject tail. */
    public static final String EVENT_TYPE = "inlet-event-type";
    /** When Inlet first received the event, ISO-8601 UTC. */
    public static final String RECEIVED_AT = "inlet-received-at";
    /** Where the event entered: {@code gateway} or {@code nats}. */
    public static final String SOURCE = "inlet-source";
    /** The id of the API key that sent the event through the gateway. */
    public static final String API_KEY_ID = "inlet-api-key-id";
    /** The gateway request the event came in with. */
    public static final String REQUEST_ID = "inlet-request-id";
    /**
     * On {@code inlet.raw} and {@code inlet.events}: an optional schema version the producer pins the
     * event to. On {@code inlet.valid}: the version the event was validated and typed with.
     */
    public static final String SCHEMA_VERSION = "inlet-schema-version";
    /** On {@code inlet.valid} and schema errors: the registry's global id of the schema applied. */
    public static final String SCHEMA_ID = "inlet-schema-id";
    /** On {@code inlet.errors}: the stage that rejected the event, see {@link ErrorEnvelope#stage()}. */
    public static final String ERROR_STAGE = "inlet-error-stage";
    /** The body's media type; {@code application/json} on every Inlet subject. */
    public static final String CONTENT_TYPE = "contentType";
    /** The value of {@link #CONTENT_TYPE} on Inlet subjects. */
    public static final String JSON = "application/json";

    private InletHeaders() {
    }
}
