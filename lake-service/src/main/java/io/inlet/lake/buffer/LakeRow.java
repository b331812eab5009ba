package io.inlet.lake.buffer;

import io.inlet.lake.format.ParquetRecord;

/** One row of a lake file, kept compact while buffered. */
public sealed interface LakeRow extends ParquetRecord permits EventRow, ErrorRow, FilteredRow {

    /** Roughly what the row costs in memory while buffered. */
    int estimatedBytes();

    /** When Inlet received the event. */
    java.time.Instant receivedAt();
}
