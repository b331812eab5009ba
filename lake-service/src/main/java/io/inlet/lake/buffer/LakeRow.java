package io.inlet.lake.buffer;

import io.inlet.lake.format.ParquetRecord;

/** One row of a lake file, kept compact while buffered. */
public sealed interface LakeRow extends ParquetRecord permits EventRow, ErrorRow, FilteredRow {

    /** Roughly what the row costs in memory while buffered. */
    int estimatedBytes();

    /** When Inlet received the event. */
    java.time.Instant receivedAt();

    /** How many Parquet records the row writes: one, or the rows a sql step's UNNEST made of one event. */
    default int recordCount() {
        return 1;
    }

    /** The Parquet records of the row, each written by one call of the file's writer. */
    default java.util.stream.Stream<ParquetRecord> records() {
        return java.util.stream.Stream.of(this);
    }
}
