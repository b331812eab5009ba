package io.inlet.lake.ingest;

import io.inlet.lake.buffer.Delivery;
import io.nats.client.Message;
import java.time.Duration;

/** A JetStream message as a {@link Delivery}. */
record NatsDelivery(Message message) implements Delivery {

    @Override
    public void ack() {
        message.ack();
    }

    @Override
    public void nak(Duration delay) {
        if (delay.isZero()) {
            message.nak();
        } else {
            message.nakWithDelay(delay);
        }
    }

    @Override
    public long deliveredCount() {
        return message.metaData().deliveredCount();
    }

    @Override
    public long streamSequence() {
        return message.metaData().streamSequence();
    }
}
