package io.inlet.lake.ingest;

import io.inlet.binder.NatsBinderHeaders;
import io.inlet.contracts.InletHeaders;
import io.inlet.lake.buffer.Delivery;
import java.time.Instant;
import java.util.Map;

/**
 * One message of a batch the binder handed over, seen through {@link EventRouter.Incoming}: its payload and its
 * entry of the batch headers (NATS headers as text plus the binder's {@code nats_*} headers).
 */
record BoundMessage(byte[] payload, Map<String, Object> headers, Delivery delivery) implements EventRouter.Incoming {

    @Override
    public String subject() {
        return text(NatsBinderHeaders.SUBJECT);
    }

    @Override
    public String stream() {
        return text(NatsBinderHeaders.STREAM);
    }

    @Override
    public String header(String name) {
        // The binder hands an inbound Nats-Msg-Id over as nats_msgId, so that outputs do not inherit it.
        return text(InletHeaders.NATS_MSG_ID.equalsIgnoreCase(name) ? NatsBinderHeaders.MSG_ID : name);
    }

    @Override
    public byte[] body() {
        return payload == null ? new byte[0] : payload;
    }

    @Override
    public Instant storedAt() {
        String stored = text(NatsBinderHeaders.TIMESTAMP);
        if (stored != null) {
            try {
                return Instant.parse(stored);
            } catch (RuntimeException e) {
                // fall through
            }
        }
        return Instant.now();
    }

    private String text(String name) {
        Object value = headers.get(name);
        return value == null ? null : value.toString();
    }
}
