package io.inlet.contracts;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What goes to {@code inlet.errors.<type>} when an event cannot go on: the body of the message is
 * this record as a JSON object (field names as below, {@code null} fields written as {@code null}),
 * and {@link #toHeaders()} travel beside it. It holds everything needed to understand the failure
 * and to replay the event once it is fixed: the original bytes are always kept.
 *
 * <p>Wire format of the body (records serialized by Jackson with its defaults):
 * <pre>{@code
 * {"eventId":"0193...","eventType":"order.created","stage":"schema",
 *  "reason":"2 schema violations",
 *  "violations":[{"pointer":"/customer/id","keyword":"minimum","message":"..."}, ...],
 *  "schemaId":12,"schemaVersion":1,
 *  "payload":"{\"order_id\":...}","payloadEncoding":"utf-8",
 *  "subject":"inlet.events.order.created","source":"gateway",
 *  "receivedAt":"2026-11-24T10:00:00.123Z","failedAt":"2026-11-24T10:00:00.456Z"}
 * }</pre>
 *
 * @param eventId         the event's id; for input that could not be split into events, an id derived
 *                        deterministically from the raw message (so a redelivery gives the same id)
 * @param eventType       the event type as named by the subject; {@link #UNROUTABLE_TYPE} when the subject's
 *                        tail is not a valid event type name
 * @param stage           {@link #STAGE_DECODE} (consumer: not JSON, not an object, bad headers),
 *                        {@link #STAGE_SCHEMA} (pipeline: the event fails its schema, or no schema exists) or
 *                        {@link #STAGE_TRANSFORM} (pipeline: a pipeline step failed on the event)
 * @param reason          a one-line summary
 * @param violations      every violation found, possibly empty, never {@code null}
 * @param schemaId        the registry's global schema id applied, or {@code null} (decode errors)
 * @param schemaVersion   the subject version applied, or {@code null} (decode errors)
 * @param payload         the original bytes: as text when {@code payloadEncoding} is {@code utf-8}, else base64
 * @param payloadEncoding {@code utf-8} or {@code base64}
 * @param subject         the NATS subject the failing message was read from
 * @param source          where the event entered ({@code gateway} or {@code nats})
 * @param receivedAt      when Inlet first received the event
 * @param failedAt        when the stage rejected it
 */
public record ErrorEnvelope(
        String eventId,
        String eventType,
        String stage,
        String reason,
        List<Violation> violations,
        Long schemaId,
        Integer schemaVersion,
        String payload,
        String payloadEncoding,
        String subject,
        String source,
        Instant receivedAt,
        Instant failedAt) {

    public static final String STAGE_DECODE = "decode";
    public static final String STAGE_SCHEMA = "schema";
    public static final String STAGE_TRANSFORM = "transform";
    public static final String ENCODING_UTF8 = "utf-8";
    public static final String ENCODING_BASE64 = "base64";
    /** Errors of messages whose subject names no valid event type go to {@code inlet.errors.unroutable}. */
    public static final EventType UNROUTABLE_TYPE = EventType.of("unroutable");

    private static final Set<String> STAGES = Set.of(STAGE_DECODE, STAGE_SCHEMA, STAGE_TRANSFORM);

    public ErrorEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(failedAt, "failedAt");
        if (!STAGES.contains(stage)) {
            throw new IllegalArgumentException("stage must be one of " + STAGES + ", was " + stage);
        }
        if (!ENCODING_UTF8.equals(payloadEncoding) && !ENCODING_BASE64.equals(payloadEncoding)) {
            throw new IllegalArgumentException("payloadEncoding must be utf-8 or base64, was " + payloadEncoding);
        }
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    /** The original bytes, decoded from {@link #payload()}. */
    public byte[] payloadBytes() {
        return ENCODING_UTF8.equals(payloadEncoding) ? payload.getBytes(StandardCharsets.UTF_8)
                : Base64.getDecoder().decode(payload);
    }

    /** {@code [payload, payloadEncoding]} for raw bytes: text when they are valid UTF-8, else base64. */
    public static String[] encodePayload(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return new String[] {text, ENCODING_UTF8};
        } catch (CharacterCodingException e) {
            return new String[] {Base64.getEncoder().encodeToString(bytes), ENCODING_BASE64};
        }
    }

    /**
     * The subject this error is published to, {@code inlet.errors.<eventType>} (not {@link #subject()}, the
     * subject the failed input came on).
     */
    public String errorsSubject() {
        return Subjects.ERRORS.of(EventType.of(eventType));
    }

    /**
     * The headers of the error message: {@code Nats-Msg-Id} ({@code <eventType>:<eventId>}: JetStream
     * de-duplicates across the whole stream, which holds every type), {@code inlet-event-id} (the event id),
     * {@code inlet-event-type}, {@code inlet-error-stage}, {@code inlet-received-at}, {@code inlet-source}
     * (when known), {@code inlet-schema-id} and {@code inlet-schema-version} (when a schema was applied), and {@code contentType} ({@code application/json}).
     */
    public Map<String, String> toHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(InletHeaders.NATS_MSG_ID, EventMetadata.deduplicationId(eventType, eventId));
        headers.put(InletHeaders.CONTENT_TYPE, InletHeaders.JSON);
        headers.put(InletHeaders.EVENT_ID, eventId);
        headers.put(InletHeaders.EVENT_TYPE, eventType);
        headers.put(InletHeaders.ERROR_STAGE, stage);
        headers.put(InletHeaders.RECEIVED_AT, receivedAt.toString());
        if (source != null) {
            headers.put(InletHeaders.SOURCE, source);
        }
        if (schemaId != null) {
            headers.put(InletHeaders.SCHEMA_ID, schemaId.toString());
        }
        if (schemaVersion != null) {
            headers.put(InletHeaders.SCHEMA_VERSION, schemaVersion.toString());
        }
        return headers;
    }
}
