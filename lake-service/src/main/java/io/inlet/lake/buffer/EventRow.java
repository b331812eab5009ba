package io.inlet.lake.buffer;

import io.inlet.lake.format.JsonRecordWriter;
import io.inlet.lake.format.RowTape;
import io.inlet.lake.schema.TableSchema;
import java.time.Instant;
import org.apache.parquet.io.api.RecordConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated event as it waits in a buffer: the Parquet record of its schema version's columns (or, for an event a
 * sql step unnested, its records, one per row it gave: they stay together, in one file), converted once
 * when buffered ({@link RowTape}), metadata columns included. Nothing else is kept — not the JSON, not the id as a
 * string — because every buffered byte and object is copied by the collector until the flush: the lake's heap holds
 * a buffer's worth of these. A buffer only holds rows of one set of columns ({@link BufferManager}), so the flush
 * replays each tape as it is. While buffered, the tape is a slice of a chunk the buffer shares with its other rows
 * ({@link TapeChunks}): one array per row would be one more object per event for the collector to copy, and
 * garbage in the old generation once the buffer is flushed.
 *
 * @param columns the columns the tape was made for
 * @param tape    holds the tape at {@code offset}, {@code length} bytes; never changed while the row is in use
 * @param ends    where each record of the tape ends, relative to {@code offset}, when it holds more than one;
 *                {@code null} for one record
 */
public record EventRow(TableSchema columns, byte[] tape, int offset, int length, int[] ends) implements LakeRow {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * Heap held per buffered event beyond its tape: this row, the buffer entry and its origin, a share of the
     * frame's delivery and of its chunk's unused tail. Measured (heap used after a full GC, 200,000 buffered rows of
     * the bench's 300-byte events, 100 per delivery, each tape in an array of its own): 105 bytes beyond the tape;
     * the estimate leaves room to spare.
     */
    static final int OVERHEAD = 192;

    /** The most rows one event's payload may hold: a sql step's limit (a compile-time constant: Calcite not loaded). */
    static final int MAX_RECORDS = io.inlet.transforms.sql.SqlStatement.MAX_ROWS_PER_EVENT;

    public EventRow(TableSchema columns, byte[] tape, int offset, int length) {
        this(columns, tape, offset, length, null);
    }

    /**
     * Checks and converts an event for {@code columns}: its payload is its row (a JSON object) or, after a sql step
     * that unnests, its rows (a JSON array of objects, not empty), each with the event's metadata columns.
     *
     * @throws io.inlet.lake.format.ValueConversionException a value does not fit its column (the pointer starts
     *                                                       with the row's index for an array of rows)
     * @throws IllegalArgumentException the payload is neither a JSON object nor a non-empty array of objects
     * @throws tools.jackson.core.JacksonException the payload is not JSON
     */
    public static EventRow convert(String eventId, Instant receivedAt, String source, int schemaVersion,
                                   byte[] payload, TableSchema columns, RowTape.Recorder recorder) {
        recorder.reset();
        JsonNode tree = JSON.readTree(payload);
        if (tree instanceof ObjectNode record) {
            JsonRecordWriter.writeEvent(recorder, columns.root(), eventId, receivedAt, schemaVersion, source, record);
            byte[] tape = recorder.toByteArray();
            return new EventRow(columns, tape, 0, tape.length, null);
        }
        if (!(tree instanceof ArrayNode rows) || rows.isEmpty() || rows.size() > MAX_RECORDS) {
            throw new IllegalArgumentException("the event is neither a JSON object nor an array of 1.." + MAX_RECORDS
                    + " objects (the rows of a sql step)");
        }
        int[] ends = new int[rows.size()];
        for (int i = 0; i < ends.length; i++) {
            if (!(rows.get(i) instanceof ObjectNode row)) {
                throw new IllegalArgumentException("row " + i + " of the event is not a JSON object");
            }
            try {
                JsonRecordWriter.writeEvent(recorder, columns.root(), eventId, receivedAt, schemaVersion, source, row);
            } catch (io.inlet.lake.format.ValueConversionException e) {
                throw e.inRow(i);
            }
            ends[i] = recorder.size();
        }
        byte[] tape = recorder.toByteArray();
        return new EventRow(columns, tape, 0, tape.length, ends.length == 1 ? null : ends);
    }

    /**
     * Replays the row, which must be one record ({@link #records()} otherwise); {@code schema} must have the columns
     * the row was converted for.
     */
    @Override
    public void writeTo(RecordConsumer consumer, TableSchema schema) {
        if (ends != null) {
            throw new IllegalStateException("a row of " + ends.length + " records is written record by record");
        }
        replay(0, length, consumer, schema);
    }

    private void replay(int from, int to, RecordConsumer consumer, TableSchema schema) {
        if (schema != columns && !schema.root().equals(columns.root())) {
            throw new IllegalStateException("a row converted for other columns than its file's: buffers hold rows"
                    + " of one set of columns");
        }
        RowTape.replay(tape, offset + from, to - from, consumer, schema.messageType());
    }

    @Override
    public int recordCount() {
        return ends == null ? 1 : ends.length;
    }

    @Override
    public java.util.stream.Stream<io.inlet.lake.format.ParquetRecord> records() {
        if (ends == null) {
            return java.util.stream.Stream.of(this);
        }
        return java.util.stream.IntStream.range(0, ends.length).mapToObj(i -> (consumer, schema) ->
                replay(i == 0 ? 0 : ends[i - 1], ends[i], consumer, schema));
    }

    /** The same row with its tape copied to {@code length} bytes of {@code into} from {@code at}. */
    EventRow copiedTo(byte[] into, int at) {
        System.arraycopy(tape, offset, into, at, length);
        return new EventRow(columns, into, at, length, ends);
    }

    /**
     * The epoch microseconds of top-level timestamp (or INT64) column {@code index} of the (first) record; null when
     * it has none. An event's records share one file, so its first row places it in a partition.
     */
    public Long topLevelLong(int index) {
        return RowTape.topLevelLong(tape, offset, ends == null ? length : ends[0], index);
    }

    /** The row's {@code _inlet_received_at} (always written, second column). */
    @Override
    public Instant receivedAt() {
        long micros = topLevelLong(1);
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    /** A copy of the tape's bytes (of every record). */
    public byte[] tapeBytes() {
        return java.util.Arrays.copyOfRange(tape, offset, offset + length);
    }

    @Override
    public int estimatedBytes() {
        return length + OVERHEAD + (ends == null ? 0 : 16 + 4 * ends.length);
    }
}
