package io.inlet.lake.buffer;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** One row of a lake file, kept compact while buffered and expanded to a JSON record when written. */
public sealed interface LakeRow permits EventRow, ErrorRow {

    String eventId();

    Instant receivedAt();

    /** The record as written, column names as keys. */
    ObjectNode toRecord();

    /** Roughly what the row costs in memory. */
    int estimatedBytes();
}
