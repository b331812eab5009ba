package io.inlet.contracts.frame;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One event inside a frame: its exact bytes (the producer's JSON, never re-serialized) and its own envelope.
 *
 * @param eventId       the event's id, unique per event type
 * @param receivedAt    when Inlet first received it
 * @param source        where it entered ({@code gateway} or {@code nats})
 * @param schemaVersion before the schema applier: a version the producer pinned; after it: the version applied;
 *                      or {@code null}
 * @param schemaId      the registry's global id of the schema applied, or {@code null}
 * @param apiKeyId      the gateway API key id, or {@code null}
 * @param requestId     the gateway request id, or {@code null}
 * @param attributes    CloudEvents attributes the event came with ({@code ce-*} names without the prefix), maybe empty
 * @param origin        the raw message the event came in, set by the consumer-service; {@code null} before it
 * @param failure       on error frames why it failed; {@code null} on event frames
 * @param filteredBy    on filtered frames the step that filtered it; {@code null} on the others
 * @param payload       the event's bytes (empty on filtered frames)
 */
public record FramedEvent(String eventId, Instant receivedAt, String source, Integer schemaVersion, Long schemaId,
                          String apiKeyId, String requestId, Map<String, String> attributes, Origin origin,
                          FrameFailure failure, FilteredBy filteredBy, byte[] payload) {

    private static final byte[] NO_PAYLOAD = new byte[0];

    /** An event that was not filtered (of an events or error frame). */
    public FramedEvent(String eventId, Instant receivedAt, String source, Integer schemaVersion, Long schemaId,
                       String apiKeyId, String requestId, Map<String, String> attributes, Origin origin,
                       FrameFailure failure, byte[] payload) {
        this(eventId, receivedAt, source, schemaVersion, schemaId, apiKeyId, requestId, attributes, origin, failure,
                null, payload);
    }

    public FramedEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(payload, "payload");
        attributes = attributes == null || attributes.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /** The same event with a failure (for the error frame of the stage that rejected it); no longer filtered. */
    public FramedEvent failed(FrameFailure why) {
        return new FramedEvent(eventId, receivedAt, source, schemaVersion, schemaId, apiKeyId, requestId, attributes,
                origin, Objects.requireNonNull(why, "failure"), null, payload);
    }

    /**
     * The envelope of the event for a filtered frame: which step filtered it, and no payload (the filter decided;
     * the raw stream keeps the bytes for its retention).
     */
    public FramedEvent filtered(FilteredBy by) {
        return new FramedEvent(eventId, receivedAt, source, schemaVersion, schemaId, apiKeyId, requestId, attributes,
                origin, null, Objects.requireNonNull(by, "filteredBy"), NO_PAYLOAD);
    }

    /** The same event with its origin (the consumer-service sets it). */
    public FramedEvent withOrigin(Origin where) {
        return new FramedEvent(eventId, receivedAt, source, schemaVersion, schemaId, apiKeyId, requestId, attributes,
                Objects.requireNonNull(where, "origin"), failure, filteredBy, payload);
    }

    /** The event as its schema applied it: the version and global id applied, and the typed record's bytes. */
    public FramedEvent applied(int version, long id, byte[] typed) {
        return new FramedEvent(eventId, receivedAt, source, version, id, apiKeyId, requestId, attributes, origin,
                failure, filteredBy, typed);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FramedEvent that && eventId.equals(that.eventId) && receivedAt.equals(that.receivedAt)
                && source.equals(that.source) && Objects.equals(schemaVersion, that.schemaVersion)
                && Objects.equals(schemaId, that.schemaId) && Objects.equals(apiKeyId, that.apiKeyId)
                && Objects.equals(requestId, that.requestId) && attributes.equals(that.attributes)
                && Objects.equals(origin, that.origin) && Objects.equals(failure, that.failure)
                && Objects.equals(filteredBy, that.filteredBy) && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, receivedAt, source, schemaVersion, schemaId, apiKeyId, requestId, attributes,
                origin, failure, filteredBy) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "FramedEvent[" + eventId + ", " + payload.length + " bytes" + (failure == null ? "" : ", " + failure)
                + (filteredBy == null ? "" : ", filtered by " + filteredBy.summary()) + "]";
    }
}
