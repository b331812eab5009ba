package io.inlet.lake.buffer;

import io.inlet.lake.format.ParquetRecord;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** One row of a lake file, kept compact while buffered. */
public sealed interface LakeRow extends ParquetRecord permits EventRow, ErrorRow {

    String eventId();

    Instant receivedAt();

    /** The record as written, column names as keys. */
    ObjectNode toRecord();

    /** Roughly what the row costs in memory. */
    int estimatedBytes();
}
