package io.inlet.lake.buffer;

import io.inlet.lake.format.TableSchema;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A validated event: its JSON as received (kept as bytes until written) and the lake's metadata. */
public record EventRow(String eventId, Instant receivedAt, String source, int schemaVersion, byte[] payload)
        implements LakeRow {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * Heap held per buffered event beyond its payload and id: this row, its id and source strings, the buffer
     * entry and the delivery to settle (reply subject, stream name). Too low an estimate lets the buffers
     * outgrow the memory budget (measured: a 512 MB heap ran out with 160).
     */
    private static final int OVERHEAD = 640;

    /** The event as a record with the metadata columns; throws when the payload is not a JSON object. */
    @Override
    public ObjectNode toRecord() {
        JsonNode tree = JSON.readTree(payload);
        if (!(tree instanceof ObjectNode record)) {
            throw new IllegalArgumentException("the event is not a JSON object");
        }
        record.put(TableSchema.EVENT_ID, eventId);
        record.put(TableSchema.RECEIVED_AT, receivedAt.toString());
        record.put(TableSchema.SCHEMA_VERSION, schemaVersion);
        record.put(TableSchema.SOURCE, source);
        return record;
    }

    @Override
    public int estimatedBytes() {
        return payload.length + eventId.length() * 2 + OVERHEAD;
    }
}
