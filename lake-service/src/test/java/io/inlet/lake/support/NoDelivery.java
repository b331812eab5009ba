package io.inlet.lake.support;

import io.inlet.lake.buffer.Delivery;
import java.time.Duration;

/** A delivery whose settlement goes nowhere: for lake code run without NATS (harnesses, unit tests). */
public record NoDelivery(long streamSequence) implements Delivery {

    @Override
    public void ack() {
    }

    @Override
    public void nak(Duration delay) {
    }

    @Override
    public void inProgress() {
    }

    @Override
    public long deliveredCount() {
        return 1;
    }
}
