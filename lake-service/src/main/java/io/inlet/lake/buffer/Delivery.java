package io.inlet.lake.buffer;

import java.time.Duration;

/** One JetStream delivery, acked once the file holding its event is committed, or nak'ed when that failed. */
public interface Delivery {

    void ack();

    void nak(Duration delay);

    /** Tells JetStream the message is still being worked on: its ack wait starts over. */
    void inProgress();

    long deliveredCount();

    long streamSequence();
}
