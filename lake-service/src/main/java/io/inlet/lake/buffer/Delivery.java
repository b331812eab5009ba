package io.inlet.lake.buffer;

import java.time.Duration;

/** One JetStream delivery, acked once the file holding its event is committed, or nak'ed when that failed. */
public interface Delivery {

    void ack();

    void nak(Duration delay);

    long deliveredCount();

    long streamSequence();
}
