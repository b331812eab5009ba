package io.inlet.lake.buffer;

import io.inlet.contracts.Violation;
import io.inlet.lake.format.JsonRecordWriter;
import io.inlet.lake.schema.TableSchema;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.parquet.io.api.RecordConsumer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A rejected event for the error lake: who rejected it, why, and the original bytes. */
public record ErrorRow(String eventId, Instant receivedAt, String source, String stage, String reason,
                       List<Violation> violations, Long schemaId, Integer schemaVersion, String payload,
                       String payloadEncoding, String subject, Instant failedAt) implements LakeRow {

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
        return record;
    }

    @Override
    public void writeTo(RecordConsumer consumer, TableSchema schema) {
        JsonRecordWriter.write(consumer, schema.root(), toRecord());
    }

    @Override
    public int estimatedBytes() {
        int size = OVERHEAD + (payload == null ? 0 : payload.length() * 2) + (reason == null ? 0 : reason.length() * 2);
        for (Violation v : violations) {
            size += 64 + 2 * (v.pointer().length() + v.keyword().length() + v.message().length());
        }
        return size;
    }
}
