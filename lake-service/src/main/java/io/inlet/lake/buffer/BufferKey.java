package io.inlet.lake.buffer;

import io.inlet.lake.partition.Partition;

/** What one file holds: events of one table of one lake, in one partition. */
public record BufferKey(Lake lake, String eventType, String table, Partition partition) {
}
