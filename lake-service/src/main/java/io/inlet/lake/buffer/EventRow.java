package io.inlet.lake.buffer;

import io.inlet.lake.format.JsonRecordWriter;
import io.inlet.lake.format.RowTape;
import io.inlet.lake.schema.TableSchema;
import java.time.Instant;
import org.apache.parquet.io.api.RecordConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated event as it waits in a buffer: the Parquet record of its schema version's columns, converted once
 * when buffered ({@link RowTape}), metadata columns included. Nothing else is kept — not the JSON, not the id as a
 * string — because every buffered byte and object is copied by the collector until the flush: the lake's heap holds
 * a buffer's worth of these. A buffer only holds rows of one set of columns ({@link BufferManager}), so the flush
 * replays each tape as it is. While buffered, the tape is a slice of a chunk the buffer shares with its other rows
 * ({@link TapeChunks}): one array per row would be one more object per event for the collector to copy, and
 * garbage in the old generation once the buffer is flushed.
 *
 * @param columns the columns the tape was made for
 * @param tape    holds the tape at {@code offset}, {@code length} bytes; never changed while the row is in use
 */
public record EventRow(TableSchema columns, byte[] tape, int offset, int length) implements LakeRow {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * Heap held per buffered event beyond its tape: this row, the buffer entry and its origin, a share of the
     * frame's delivery and of its chunk's unused tail. Measured (heap used after a full GC, 200,000 buffered rows of
     * the bench's 300-byte events, 100 per delivery, each tape in an array of its own): 105 bytes beyond the tape;
     * the estimate leaves room to spare.
     */
    static final int OVERHEAD = 192;

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
        byte[] tape = recorder.toByteArray();
        return new EventRow(columns, tape, 0, tape.length);
    }

    private static ObjectNode object(byte[] payload) {
        JsonNode tree = JSON.readTree(payload);
        if (!(tree instanceof ObjectNode record)) {
            throw new IllegalArgumentException("the event is not a JSON object");
        }
        return record;
    }

    /** Replays the row; {@code schema} must have the columns the row was converted for. */
    @Override
    public void writeTo(RecordConsumer consumer, TableSchema schema) {
        if (schema != columns && !schema.root().equals(columns.root())) {
            throw new IllegalStateException("a row converted for other columns than its file's: buffers hold rows"
                    + " of one set of columns");
        }
        RowTape.replay(tape, offset, length, consumer, schema.messageType());
    }

    /** The same row with its tape copied to {@code length} bytes of {@code into} from {@code at}. */
    EventRow copiedTo(byte[] into, int at) {
        System.arraycopy(tape, offset, into, at, length);
        return new EventRow(columns, into, at, length);
    }

    /** The epoch microseconds of top-level timestamp (or INT64) column {@code index}; null when the row has none. */
    public Long topLevelLong(int index) {
        return RowTape.topLevelLong(tape, offset, length, index);
    }

    /** The row's {@code _inlet_received_at} (always written, second column). */
    @Override
    public Instant receivedAt() {
        long micros = topLevelLong(1);
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    /** A copy of the tape's bytes. */
    public byte[] tapeBytes() {
        return java.util.Arrays.copyOfRange(tape, offset, offset + length);
    }

    @Override
    public int estimatedBytes() {
        return length + OVERHEAD;
    }
}
