package io.inlet.binder;

/** Header names the binder itself sets. */
public final class NatsBinderHeaders {

    /** Inbound: the subject a message was published to. */
    public static final String SUBJECT = "nats_subject";
    /** Inbound: the message's {@code Nats-Msg-Id}, if it had one. */
    public static final String MSG_ID = "nats_msgId";
    /** Inbound: the stream that holds the message. */
    public static final String STREAM = "nats_stream";
    /** Inbound: the message's sequence number in its stream. */
    public static final String STREAM_SEQUENCE = "nats_streamSequence";
    /**
     * The stream's incarnation, {@code <stream>@<created, epoch millis>}: a stream deleted and created again starts
     * its sequences anew, and this tells the two apart (a {@code String}).
     */
    public static final String STREAM_INCARNATION = "nats_streamIncarnation";
    /** Inbound: when JetStream stored the message, ISO-8601 UTC. */
    public static final String TIMESTAMP = "nats_timestamp";
    /** Inbound: how many times JetStream has delivered this message, this delivery included. */
    public static final String DELIVERED_COUNT = "nats_deliveredCount";

    /** Inbound with {@code ack-mode=manual}: the {@link NatsAcknowledgment} of the delivery. */
    public static final String ACKNOWLEDGMENT = "nats_acknowledgment";

    /** Dead letters: the class of the exception that made the last delivery fail. */
    public static final String EXCEPTION_CLASS = "x-exception-class";
    /** Dead letters: its message, on one line. */
    public static final String EXCEPTION_MESSAGE = "x-exception-message";
    /** Dead letters: the messages of its causes, on one line. */
    public static final String EXCEPTION_CAUSES = "x-exception-causes";
    /** Dead letters: the subject the message was first published to. */
    public static final String ORIGINAL_SUBJECT = "x-original-subject";
    /** Dead letters: the stream it came from. */
    public static final String ORIGINAL_STREAM = "x-original-stream";
    /** Dead letters: its sequence in that stream. */
    public static final String ORIGINAL_SEQUENCE = "x-original-sequence";
    /** Dead letters: the consumer that gave up on it. */
    public static final String ORIGINAL_CONSUMER = "x-original-consumer";
    /** Dead letters: deliveries it had. */
    public static final String DELIVERIES = "x-deliveries";

    private NatsBinderHeaders() {
    }
}
