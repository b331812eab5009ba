package io.inlet.lake.commit;

import io.inlet.lake.buffer.Lake;
import io.inlet.lake.partition.Partition;

/** One file as recorded in the commit log. */
public record FileCommit(Lake lake, String bucket, String eventType, String table, Partition partition,
                         String objectKey, String stagingKey, int rowCount, long sizeBytes,
                         Integer minSchemaVersion, Integer maxSchemaVersion, String stream) {
}
