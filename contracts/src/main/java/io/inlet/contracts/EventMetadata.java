package io.inlet.contracts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The envelope of one event between the stages: the body of a message is the event's JSON, and
 * this metadata travels beside it as {@link InletHeaders headers}, so no stage has to re-parse
 * or re-wrap a body to read where an event came from.
 *
 * @param eventId       the event's id, unique per event type; also its JetStream {@code Nats-Msg-Id}
 * @param eventType     the event type
 * @param receivedAt    when Inlet first received the event
 * @param source        where it entered ({@code gateway} or {@code nats})
 * @param schemaVersion a schema version the producer pinned, or {@code null} for the latest
 * @param apiKeyId      the gateway API key id, or {@code null}
 * @param requestId     the gateway request id, or {@code null}
 */
public record EventMetadata(
        String eventId,
        EventType eventType,
        Instant receivedAt,
        String source,
        Integer schemaVersion,
        String apiKeyId,
        String requestId) {

    public EventMetadata {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(source, "source");
    }

    /**
     * JetStream's de-duplication id of this event, {@code <eventType>:<eventId>}: a stream de-duplicates
     * across all its subjects and each stage's stream holds every event type, so the same producer id in
     * two event types must not make one of them a "duplicate".
     */
    public String deduplicationId() {
        return deduplicationId(eventType.name(), eventId);
    }

    /** {@code <eventType>:<eventId>}; see {@link #deduplicationId()}. */
    public static String deduplicationId(String eventType, String eventId) {
        return eventType + ":" + eventId;
    }

    /**
     * The headers of a message that carries this event: this metadata, {@code Nats-Msg-Id} and the body's
     * {@code contentType} ({@code application/json}); absent values are left out.
     */
    public Map<String, String> toHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(InletHeaders.NATS_MSG_ID, deduplicationId());
        headers.put(InletHeaders.CONTENT_TYPE, InletHeaders.JSON);
        headers.put(InletHeaders.EVENT_ID, eventId);
        headers.put(InletHeaders.EVENT_TYPE, eventType.name());
        headers.put(InletHeaders.RECEIVED_AT, receivedAt.toString());
        headers.put(InletHeaders.SOURCE, source);
        if (schemaVersion != null) {
            headers.put(InletHeaders.SCHEMA_VERSION, schemaVersion.toString());
        }
        if (apiKeyId != null) {
            headers.put(InletHeaders.API_KEY_ID, apiKeyId);
        }
        if (requestId != null) {
            headers.put(InletHeaders.REQUEST_ID, requestId);
        }
        return headers;
    }

    /**
     * Reads metadata back from headers, whatever their value type (the binder hands in strings).
     *
     * @throws IllegalArgumentException when a required header is missing or malformed
     */
    public static EventMetadata fromHeaders(Function<String, Object> header) {
        String id = required(header, InletHeaders.EVENT_ID);
        EventType type = EventType.of(required(header, InletHeaders.EVENT_TYPE));
        Instant receivedAt = Instant.parse(required(header, InletHeaders.RECEIVED_AT));
        String source = required(header, InletHeaders.SOURCE);
        String version = optional(header, InletHeaders.SCHEMA_VERSION);
        return new EventMetadata(id, type, receivedAt, source,
                version == null ? null : Integer.valueOf(version),
                optional(header, InletHeaders.API_KEY_ID), optional(header, InletHeaders.REQUEST_ID));
    }

    private static String required(Function<String, Object> header, String name) {
        String value = optional(header, name);
        if (value == null) {
            throw new IllegalArgumentException("missing header " + name);
        }
        return value;
    }

    private static String optional(Function<String, Object> header, String name) {
        Object value = header.apply(name);
        if (value == null) {
            return null;
        }
        String text = value instanceof byte[] bytes
                ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : value.toString();
        return text.isEmpty() ? null : text;
    }
}
