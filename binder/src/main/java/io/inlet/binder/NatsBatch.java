package io.inlet.binder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.messaging.Message;

/**
 * The NATS messages of one batch-mode delivery ({@code consumer.batch-mode=true}), each with its payload and its
 * own headers. Declare the handler as {@code Consumer<Message<?>>} so that the payloads arrive as the bytes NATS
 * delivered, without a conversion per message:
 * <pre>{@code
 * @Bean
 * Consumer<Message<?>> handle() {
 *     return batch -> NatsBatch.of(batch).forEach(message -> ...);
 * }
 * }</pre>
 */
public final class NatsBatch {

    private NatsBatch() {
    }

    /** One message of a batch: its payload and headers (NATS headers as text, plus the binder's {@code nats_*}). */
    public record Entry(byte[] payload, Map<String, Object> headers) {

        /** The subject the message was published to. */
        public String subject() {
            Object subject = headers.get(NatsBinderHeaders.SUBJECT);
            return subject == null ? null : subject.toString();
        }

        /** The stream that holds the message, or {@code null} (not from JetStream). */
        public String stream() {
            Object stream = headers.get(NatsBinderHeaders.STREAM);
            return stream == null ? null : stream.toString();
        }

        /** The message's sequence in its stream, or {@code null} (not from JetStream). */
        public Long streamSequence() {
            Object sequence = headers.get(NatsBinderHeaders.STREAM_SEQUENCE);
            return sequence == null ? null : sequence instanceof Number n ? n.longValue()
                    : Long.valueOf(sequence.toString());
        }

        /**
         * The stream's incarnation, {@code <stream>@<created>} (see {@link NatsBinderHeaders#STREAM_INCARNATION}),
         * falling back to the stream's name when it is not known.
         */
        public String streamIncarnation() {
            Object incarnation = headers.get(NatsBinderHeaders.STREAM_INCARNATION);
            return incarnation != null ? incarnation.toString() : stream();
        }

        /** When JetStream stored the message, or {@code null}: the same on every redelivery. */
        public java.time.Instant storedAt() {
            Object stored = headers.get(NatsBinderHeaders.TIMESTAMP);
            if (stored == null) {
                return null;
            }
            try {
                return java.time.Instant.parse(stored.toString());
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }

        /** A header the publisher set (NATS headers arrive as text), or {@code null}. */
        public String header(String name) {
            Object value = headers.get(name);
            return value == null ? null : value.toString();
        }

        /** The publisher's {@code Nats-Msg-Id}, or {@code null} (the binder hands it over as {@code nats_msgId}). */
        public String publisherMessageId() {
            return header(NatsBinderHeaders.MSG_ID);
        }

        /** With {@code ack-mode=manual}: the handle to ack or nak this message, else {@code null}. */
        public NatsAcknowledgment acknowledgment() {
            return headers.get(NatsBinderHeaders.ACKNOWLEDGMENT) instanceof NatsAcknowledgment ack ? ack : null;
        }
    }

    /**
     * @throws IllegalStateException when {@code batch} is not a batch-mode delivery of this binder
     */
    @SuppressWarnings("unchecked")
    public static List<Entry> of(Message<?> batch) {
        if (!(batch.getPayload() instanceof List<?> payloads)) {
            throw new IllegalStateException("expected a batch (a List payload), got "
                    + batch.getPayload().getClass().getName() + ": set consumer.batch-mode=true on the binding");
        }
        Object headers = batch.getHeaders().get(BinderHeaders.BATCH_HEADERS);
        if (!(headers instanceof List<?> perMessage) || perMessage.size() != payloads.size()) {
            throw new IllegalStateException("batch of " + payloads.size() + " without per-message headers ("
                    + BinderHeaders.BATCH_HEADERS + "): is consumer.batch-mode=true set on the binding?");
        }
        List<Entry> entries = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            entries.add(new Entry(bytes(payloads.get(i)), (Map<String, Object>) perMessage.get(i)));
        }
        return entries;
    }

    private static byte[] bytes(Object payload) {
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalStateException("unexpected batch element " + (payload == null ? "null"
                : payload.getClass().getName()) + ": declare the handler as Consumer<Message<?>>");
    }
}
