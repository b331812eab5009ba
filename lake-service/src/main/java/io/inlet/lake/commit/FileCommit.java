package io.inlet.lake.commit;

import io.inlet.lake.buffer.Lake;
import io.inlet.lake.partition.Partition;
import java.time.Instant;

/**
 * One file as recorded in the commit log.
 *
 * @param receivedFrom the earliest received-at of its rows (null when unknown: files committed before it was kept)
 * @param receivedTo   the latest
 */
public record FileCommit(Lake lake, String bucket, String eventType, String table, Partition partition,
                         String objectKey, String stagingKey, int rowCount, long sizeBytes,
                         Integer minSchemaVersion, Integer maxSchemaVersion, String stream,
                         Instant receivedFrom, Instant receivedTo) {

    /** A file whose rows' received-at range is not known. */
    public FileCommit(Lake lake, String bucket, String eventType, String table, Partition partition,
                      String objectKey, String stagingKey, int rowCount, long sizeBytes,
                      Integer minSchemaVersion, Integer maxSchemaVersion, String stream) {
        this(lake, bucket, eventType, table, partition, objectKey, stagingKey, rowCount, sizeBytes,
                minSchemaVersion, maxSchemaVersion, stream, null, null);
    }
}
