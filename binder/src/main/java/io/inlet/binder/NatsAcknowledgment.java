package io.inlet.binder;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.AckType;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.time.Duration;

/**
 * The acknowledgment of one delivery, handed to handlers of bindings with {@code ack-mode=manual}
 * in the {@link NatsBinderHeaders#ACKNOWLEDGMENT} header (in batch mode: in each message's entry
 * of the batch headers). A handler that keeps the message beyond its return (to write it to
 * storage first, say) acks it once the data is safe. Until then JetStream redelivers it after
 * {@code ack-wait} unless the handler signals {@link #inProgress()}.
 *
 * <p>It keeps only what settling needs (the delivery's reply subject, its connection and its
 * stream position), not the message: a stage that holds many deliveries while it buffers them
 * (the lake) would otherwise hold every message's headers and protocol data as well.
 */
public final class NatsAcknowledgment {

    private final Connection connection;
    private final String replyTo;
    private final String stream;
    private final long streamSequence;
    private final long deliveredCount;

    public NatsAcknowledgment(Message message) {
        NatsJetStreamMetaData meta = message.metaData();
        this.connection = message.getConnection();
        this.replyTo = message.getReplyTo();
        this.stream = meta.getStream();
        this.streamSequence = meta.streamSequence();
        this.deliveredCount = meta.deliveredCount();
        if (connection == null || replyTo == null) {
            throw new IllegalArgumentException("not a JetStream delivery that can be acknowledged: " + message);
        }
    }

    /** The message is done with: JetStream will not deliver it again. */
    public void ack() {
        connection.publish(replyTo, AckType.AckAck.bodyBytes(-1));
    }

    /** Hands the message back for redelivery after {@code delay}. */
    public void nak(Duration delay) {
        connection.publish(replyTo, AckType.AckNak.bodyBytes(delay.toNanos()));
    }

    /** Resets JetStream's ack-wait timer: the message is still being worked on. */
    public void inProgress() {
        connection.publish(replyTo, AckType.AckProgress.bodyBytes(-1));
    }

    /** How many times JetStream has delivered the message, this delivery included. */
    public long deliveredCount() {
        return deliveredCount;
    }

    /** The message's sequence number in its stream. */
    public long streamSequence() {
        return streamSequence;
    }

    /** The stream that holds the message. */
    public String stream() {
        return stream;
    }
}
