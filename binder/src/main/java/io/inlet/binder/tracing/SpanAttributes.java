package io.inlet.binder.tracing;

/** The names of the span attributes every stage writes (one definition, read by dashboards and tests). */
public final class SpanAttributes {

    /** {@code nats}. */
    public static final String MESSAGING_SYSTEM = "messaging.system";
    /** The subject a message was published to or delivered from. */
    public static final String DESTINATION = "messaging.destination.name";
    /** The message's {@code Nats-Msg-Id}. */
    public static final String MESSAGE_ID = "messaging.message.id";
    /** The stage that made the span: gateway, consumer, pipeline, lake. */
    public static final String STAGE = "inlet.stage";
    /** The event type of the frame(s) the span handled. */
    public static final String EVENT_TYPE = "inlet.event_type";
    /** How many events the span handled (a frame's, a file's): events get no spans of their own. */
    public static final String EVENT_COUNT = "inlet.event_count";
    /** The gateway request id of the events, when they all came in one request. */
    public static final String REQUEST_ID = "inlet.request_id";
    /** How many distinct requests the events came in, when more than one (their ids are in the linked traces). */
    public static final String REQUEST_COUNT = "inlet.request_count";
    /** {@code events} or {@code errors}. */
    public static final String FRAME_KIND = "inlet.frame.kind";
    /** The encoded frame's size in bytes. */
    public static final String FRAME_BYTES = "inlet.frame.bytes";
    /** How many inputs a span over gathered work had; at most {@link FrameTracing#MAX_LINKS} of them are links. */
    public static final String INPUT_COUNT = "inlet.input_count";

    private SpanAttributes() {
    }
}
