package io.inlet.lake.ingest;

import io.inlet.binder.NatsAcknowledgment;
import io.inlet.lake.buffer.Delivery;
import java.time.Duration;

/** A delivery of a binding with {@code ack-mode=manual}, settled through the binder's {@link NatsAcknowledgment}. */
record AcknowledgmentDelivery(NatsAcknowledgment acknowledgment) implements Delivery {

    @Override
    public void ack() {
        acknowledgment.ack();
    }

    @Override
    public void nak(Duration delay) {
        acknowledgment.nak(delay);
    }

    @Override
    public void inProgress() {
        acknowledgment.inProgress();
    }

    @Override
    public long deliveredCount() {
        return acknowledgment.deliveredCount();
    }

    @Override
    public long streamSequence() {
        return acknowledgment.streamSequence();
    }
}
