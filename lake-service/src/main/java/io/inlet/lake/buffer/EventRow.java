package io.inlet.lake.buffer;

import io.inlet.lake.format.JsonRecordWriter;
import io.inlet.lake.format.RowTape;
import io.inlet.lake.format.TableSchema;
import java.time.Instant;
import org.apache.parquet.io.api.RecordConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated event: its JSON as received and the lake's metadata, converted once (when buffered) into the Parquet
 * record of its schema version's columns ({@link RowTape}). The flush replays that record; only when the file has
 * other columns (a newer version joined the buffer) is the JSON converted again, for the file's columns.
 *
 * @param columns the columns {@code tape} was made for
 */
public record EventRow(String eventId, Instant receivedAt, String source, int schemaVersion, byte[] payload,
                       TableSchema columns, byte[] tape) implements LakeRow {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * Heap held per buffered event beyond its payload, tape and id: this row, its id and source strings, the buffer
     * entry and the delivery to settle (reply subject, stream name). Too low an estimate lets the buffers
     * outgrow the memory budget (measured: a 512 MB heap ran out with 160).
     */
    private static final int OVERHEAD = 640;

    /**
     * Checks and converts an event for {@code columns}.
     *
     * @throws io.inlet.lake.format.ValueConversionException a value does not fit its column
     * @throws IllegalArgumentException the payload is not a JSON object
     * @throws tools.jackson.core.JacksonException the payload is not JSON
     */
    public static EventRow convert(String eventId, Instant receivedAt, String source, int schemaVersion,
                                   byte[] payload, TableSchema columns, RowTape.Recorder recorder) {
        recorder.reset();
        JsonRecordWriter.writeEvent(recorder, columns.root(), eventId, receivedAt, schemaVersion, source,
                object(payload));
        return new EventRow(eventId, receivedAt, source, schemaVersion, payload, columns, recorder.toByteArray());
    }

    private static ObjectNode object(byte[] payload) {
        JsonNode tree = JSON.readTree(payload);
        if (!(tree instanceof ObjectNode record)) {
            throw new IllegalArgumentException("the event is not a JSON object");
        }
        return record;
    }

    private static ObjectNode record(String eventId, Instant receivedAt, String source, int schemaVersion,
                                     byte[] payload) {
        ObjectNode record = object(payload);
        record.put(TableSchema.EVENT_ID, eventId);
        record.put(TableSchema.RECEIVED_AT, receivedAt.toString());
        record.put(TableSchema.SCHEMA_VERSION, schemaVersion);
        record.put(TableSchema.SOURCE, source);
        return record;
    }

    /** The event as a record with the metadata columns; throws when the payload is not a JSON object. */
    @Override
    public ObjectNode toRecord() {
        return record(eventId, receivedAt, source, schemaVersion, payload);
    }

    @Override
    public void writeTo(RecordConsumer consumer, TableSchema schema) {
        if (schema == columns || schema.root().equals(columns.root())) {
            RowTape.replay(tape, consumer, schema.messageType());
        } else {
            JsonRecordWriter.write(consumer, schema.root(), toRecord());
        }
    }

    @Override
    public int estimatedBytes() {
        return payload.length + tape.length + 16 + eventId.length() * 2 + OVERHEAD;
    }
}
