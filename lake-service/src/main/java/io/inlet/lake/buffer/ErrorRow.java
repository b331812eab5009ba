package io.inlet.lake.buffer;

import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.lake.format.JsonRecordWriter;
import io.inlet.lake.schema.TableSchema;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.parquet.io.api.RecordConsumer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A rejected event for the error lake: who rejected it, why, the original bytes, and the envelope a replay sends
 * back with it ({@code apiKeyId}, {@code requestId}, {@code attributes}: null or empty when the event had none, and
 * on rows of files written before these columns existed).
 */
public record ErrorRow(String eventId, Instant receivedAt, String source, String stage, String reason,
                       List<Violation> violations, Long schemaId, Integer schemaVersion, String payload,
                       String payloadEncoding, String subject, Instant failedAt, String apiKeyId, String requestId,
                       Map<String, String> attributes) implements LakeRow {

    /** The stage name of errors the lake itself finds (e.g. a value that does not fit its column). */
    public static final String STAGE_LAKE = "lake";
    /** {@code payload_encoding} of a payload that is valid UTF-8, kept as text. */
    public static final String ENCODING_UTF8 = "utf-8";
    /** {@code payload_encoding} of any other payload, kept as base64. */
    public static final String ENCODING_BASE64 = "base64";

    /** Row, strings, buffer entry and delivery, beyond the texts counted. */
    private static final int OVERHEAD = 768;

    public ErrorRow {
        violations = violations == null ? List.of() : List.copyOf(violations);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A row without an envelope (an unreadable message has none). */
    public ErrorRow(String eventId, Instant receivedAt, String source, String stage, String reason,
                    List<Violation> violations, Long schemaId, Integer schemaVersion, String payload,
                    String payloadEncoding, String subject, Instant failedAt) {
        this(eventId, receivedAt, source, stage, reason, violations, schemaId, schemaVersion, payload,
                payloadEncoding, subject, failedAt, null, null, Map.of());
    }

    /** The same row with the envelope of the event it holds (its API key, request id and CloudEvents attributes). */
    public ErrorRow withEnvelopeOf(FramedEvent event) {
        return new ErrorRow(eventId, receivedAt, source, stage, reason, violations, schemaId, schemaVersion, payload,
                payloadEncoding, subject, failedAt, event.apiKeyId(), event.requestId(), event.attributes());
    }

    /**
     * An event's bytes as the {@code payload} and {@code payload_encoding} columns: the text when they are valid
     * UTF-8 (JSON always is), else base64, so that nothing is lost either way.
     */
    public static String[] encodePayload(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return new String[] {text, ENCODING_UTF8};
        } catch (CharacterCodingException e) {
            return new String[] {Base64.getEncoder().encodeToString(bytes), ENCODING_BASE64};
        }
    }

    /** The record as written, column names as keys. */
    public ObjectNode toRecord() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode record = nodes.objectNode();
        record.put("_inlet_event_id", eventId);
        record.put("_inlet_received_at", receivedAt.toString());
        record.put("_inlet_source", source);
        record.put("stage", stage);
        record.put("reason", reason);
        ArrayNode list = record.putArray("violations");
        for (Violation v : violations) {
            list.addObject().put("pointer", v.pointer()).put("keyword", v.keyword()).put("message", v.message());
        }
        record.put("schema_id", schemaId);
        record.put("schema_version", schemaVersion);
        record.put("payload", payload);
        record.put("payload_encoding", payloadEncoding);
        record.put("subject", subject);
        record.put("failed_at", failedAt == null ? null : failedAt.toString());
        record.put("api_key_id", apiKeyId);
        record.put("request_id", requestId);
        if (attributes.isEmpty()) {
            record.putNull("attributes");
        } else {
            ObjectNode names = record.putObject("attributes");
            new java.util.TreeMap<>(attributes).forEach(names::put);
        }
        return record;
    }

    @Override
    public void writeTo(RecordConsumer consumer, TableSchema schema) {
        JsonRecordWriter.write(consumer, schema.root(), toRecord());
    }

    @Override
    public int estimatedBytes() {
        int size = OVERHEAD + (payload == null ? 0 : payload.length() * 2) + (reason == null ? 0 : reason.length() * 2)
                + (requestId == null ? 0 : 2 * requestId.length()) + (apiKeyId == null ? 0 : 2 * apiKeyId.length());
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            size += 64 + 2 * (a.getKey().length() + a.getValue().length());
        }
        for (Violation v : violations) {
            size += 64 + 2 * (v.pointer().length() + v.keyword().length() + v.message().length());
        }
        return size;
    }
}
