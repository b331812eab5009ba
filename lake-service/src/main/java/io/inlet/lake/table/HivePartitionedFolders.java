package io.inlet.lake.table;

import io.inlet.lake.buffer.BufferKey;
import io.inlet.lake.commit.CommittedFile;
import io.inlet.lake.schema.TableSchema;
import java.util.List;

/**
 * Today's layout: {@code <table>/dt=YYYY-MM-DD/hr=HH/<file>.parquet}, read with Hive partitioning and merged by
 * column name. A file is in its table once it is at its key; the commit log alone says which files a compaction
 * replaced, and readers of the folders see the replaced files until they are deleted (see
 * {@link io.inlet.lake.compaction.Compactor}).
 */
public final class HivePartitionedFolders implements TableFormat {

    @Override
    public String name() {
        return "parquet";
    }

    @Override
    public PlannedFile plan(BufferKey key, TableSchema columns, String fileName) {
        return new PlannedFile(key.table() + "/" + key.partition().path() + "/" + fileName, columns.messageType());
    }

    @Override
    public void register(CommittedFile file) {
        // At its key, the file is in its table.
    }

    @Override
    public void replace(List<CommittedFile> replaced, CommittedFile replacement) {
        // The commit log's swap is the switch; the replaced objects are deleted after it.
    }

    @Override
    public boolean keepsReplacedFiles() {
        return false;
    }

    @Override
    public int expireHistory(java.time.Instant before) {
        return 0;
    }
}
