package io.inlet.lake.ingest;

import io.inlet.binder.NatsBatch;
import io.inlet.lake.buffer.Delivery;
import java.time.Instant;

/** One message of a batch the binder handed over, seen through {@link EventRouter.Incoming}. */
record BoundMessage(NatsBatch.Entry entry, Delivery delivery) implements EventRouter.Incoming {

    @Override
    public String subject() {
        return entry.subject();
    }

    @Override
    public String stream() {
        return entry.stream();
    }

    @Override
    public String streamIncarnation() {
        String incarnation = entry.streamIncarnation();
        return incarnation == null || incarnation.isEmpty() ? "lake-input" : incarnation;
    }

    @Override
    public long streamSequence() {
        Long sequence = entry.streamSequence();
        return sequence != null ? sequence : delivery.streamSequence();
    }

    @Override
    public String publisherMessageId() {
        return entry.publisherMessageId();
    }

    @Override
    public byte[] body() {
        return entry.payload() == null ? new byte[0] : entry.payload();
    }

    @Override
    public Instant storedAt() {
        return entry.storedAt();
    }
}
