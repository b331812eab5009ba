package io.inlet.consumer.normalize;

import io.inlet.binder.NatsBinderHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One message as read from {@code inlet.raw.<type>}: its body and the headers the binder handed in
 * (every NATS header as a string, plus {@code nats_subject}, {@code nats_stream}, {@code nats_streamSequence}).
 */
public record RawMessage(String subject, String stream, Long sequence, Map<String, Object> headers, byte[] body) {

    public RawMessage {
        headers = headers == null ? Map.of() : headers;
        body = body == null ? new byte[0] : body;
    }

    public static RawMessage of(byte[] body, Map<String, Object> headers) {
        Object sequence = headers.get(NatsBinderHeaders.STREAM_SEQUENCE);
        return new RawMessage(text(headers.get(NatsBinderHeaders.SUBJECT)), text(headers.get(NatsBinderHeaders.STREAM)),
                sequence == null ? null : Long.valueOf(sequence.toString()), headers, body);
    }

    /** A header as text, or {@code null} when absent or empty. */
    public String header(String name) {
        String value = text(headers.get(name));
        return value == null || value.isEmpty() ? null : value;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }
}
