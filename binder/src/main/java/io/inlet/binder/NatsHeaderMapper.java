package io.inlet.binder;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.messaging.MessageHeaders;
import org.springframework.util.MimeType;

/**
 * Maps message headers both ways. Outbound, every header whose value is a simple value (text,
 * number, boolean, UUID, MIME type, enum) becomes a NATS header unchanged; Spring's own bookkeeping
 * headers and the binder's inbound {@code nats_*} headers stay behind. Inbound, every NATS header
 * becomes a message header with its (first) value as a string, plus the {@code nats_*} headers;
 * {@code Nats-Msg-Id} alone comes in as {@code nats_msgId}, so that it is not copied onto outputs.
 */
public final class NatsHeaderMapper {

    private static final Set<String> NEVER_OUTBOUND = Set.of(MessageHeaders.ID, MessageHeaders.TIMESTAMP,
            MessageHeaders.REPLY_CHANNEL, MessageHeaders.ERROR_CHANNEL, "deliveryAttempt", "sourceData",
            "target-protocol", "spring_json_header_types", "acknowledgmentCallback");

    private static final String NATS_MSG_ID = "Nats-Msg-Id";

    private NatsHeaderMapper() {
    }

    public static Headers toNats(Map<String, ?> headers) {
        Headers nats = new Headers();
        for (Map.Entry<String, ?> header : headers.entrySet()) {
            String name = header.getKey();
            if (NEVER_OUTBOUND.contains(name) || name.startsWith("nats_") || name.startsWith("scst_")
                    || !isValidName(name)) {
                continue;
            }
            String value = asText(header.getValue());
            if (value != null) {
                nats.put(name, value);
            }
        }
        return nats;
    }

    /**
     * Headers an application chose itself (no Spring bookkeeping to leave behind): every entry with a value
     * becomes a NATS header, its value as one line of text.
     *
     * @throws IllegalArgumentException for a name NATS does not accept
     */
    public static Headers toNatsAsGiven(Map<String, ?> headers) {
        Headers nats = new Headers();
        headers.forEach((name, value) -> {
            if (value != null) {
                nats.put(name, oneLine(value.toString()));
            }
        });
        return nats;
    }

    public static Map<String, Object> toSpring(Message message) {
        Map<String, Object> headers = new HashMap<>();
        Headers nats = message.getHeaders();
        if (nats != null) {
            for (String name : nats.keySet()) {
                List<String> values = nats.get(name);
                if (values != null && !values.isEmpty()) {
                    // An inherited de-duplication id would make a stage's output look like a repeat of its
                    // input; the id is readable as nats_msgId and must be set anew on outputs that want one.
                    headers.put(NATS_MSG_ID.equals(name) ? NatsBinderHeaders.MSG_ID : name, values.get(0));
                }
            }
        }
        headers.put(NatsBinderHeaders.SUBJECT, message.getSubject());
        if (message.isJetStream()) {
            NatsJetStreamMetaData meta = message.metaData();
            headers.put(NatsBinderHeaders.STREAM, meta.getStream());
            headers.put(NatsBinderHeaders.STREAM_SEQUENCE, meta.streamSequence());
            headers.put(NatsBinderHeaders.DELIVERED_COUNT, meta.deliveredCount());
            if (meta.timestamp() != null) {
                headers.put(NatsBinderHeaders.TIMESTAMP, meta.timestamp().toInstant().toString());
            }
        }
        return headers;
    }

    /** NATS header values cannot hold line breaks; anything else simple passes as text. */
    private static String asText(Object value) {
        if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof UUID || value instanceof MimeType || value instanceof Enum<?>
                || value instanceof java.time.temporal.TemporalAccessor) {
            return oneLine(value.toString());
        }
        if (value instanceof byte[] bytes) {
            return oneLine(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
        return null;
    }

    static String oneLine(String text) {
        if (isOneLine(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c == '\r' || c == '\n' || c == '\u0000' ? ' ' : c);
        }
        return out.toString();
    }

    private static boolean isOneLine(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == '\u0000') {
                return false;
            }
        }
        return true;
    }

    private static boolean isValidName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127 || c == ':') {
                return false;
            }
        }
        return true;
    }
}
