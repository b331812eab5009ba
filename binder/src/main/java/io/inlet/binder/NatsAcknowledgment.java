package io.inlet.binder;

import io.nats.client.Message;
import java.time.Duration;

/**
 * The acknowledgment of one delivery, handed to handlers of bindings with {@code ack-mode=manual}
 * in the {@link NatsBinderHeaders#ACKNOWLEDGMENT} header (in batch mode: in each message's entry
 * of the batch headers). A handler that keeps the message beyond its return (to write it to
 * storage first, say) acks it once the data is safe. Until then JetStream redelivers it after
 * {@code ack-wait} unless the handler signals {@link #inProgress()}.
 */
public final class NatsAcknowledgment {

    private final Message message;

    public NatsAcknowledgment(Message message) {
        this.message = message;
    }

    /** The message is done with: JetStream will not deliver it again. */
    public void ack() {
        message.ack();
    }

    /** Hands the message back for redelivery after {@code delay}. */
    public void nak(Duration delay) {
        message.nakWithDelay(delay);
    }

    /** Resets JetStream's ack-wait timer: the message is still being worked on. */
    public void inProgress() {
        message.inProgress();
    }

    /** How many times JetStream has delivered the message, this delivery included. */
    public long deliveredCount() {
        return message.metaData().deliveredCount();
    }

    /** The message's sequence number in its stream. */
    public long streamSequence() {
        return message.metaData().streamSequence();
    }

    /** The stream that holds the message. */
    public String stream() {
        return message.metaData().getStream();
    }
}
