package io.inlet.lake.table;

import io.inlet.lake.buffer.BufferKey;
import io.inlet.lake.commit.CommittedFile;
import io.inlet.lake.schema.TableSchema;
import java.util.List;

/**
 * How the lake's files form tables readers query. Adapters: {@link HivePartitionedFolders} (Parquet files under
 * {@code <table>/dt=/hr=/}; a file is part of its table once it is at its key) and
 * {@link io.inlet.lake.table.iceberg.IcebergTables} (Apache Iceberg tables in a catalog; a file is part of its table
 * once a snapshot appended it). The commit log decides which events a file holds, exactly once, before the format
 * is asked to show the file ({@link #register}); see ARCHITECTURE.md, "Lake commit protocol".
 */
public interface TableFormat {

    /** {@code parquet} or {@code iceberg}, as in {@code inlet.lake.table-format}. */
    String name();

    /**
     * Where a new file of a buffer goes and with which Parquet schema it is written; creates or evolves the table
     * so that it has the file's columns.
     *
     * @param fileName a unique name for the file (no directory)
     */
    PlannedFile plan(BufferKey key, TableSchema columns, String fileName);

    /**
     * Makes a committed file, already at its object key, part of its table. Idempotent: a crash may make it run
     * again for the same file (by the committer, then the janitor), which must not add the file twice.
     */
    void register(CommittedFile file);

    /**
     * Replaces files of one partition of a table by one file holding exactly their rows, atomically for readers
     * (compaction). The new file is already at its object key.
     *
     * @param replaced the files whose rows {@code replacement} holds; all committed and registered
     */
    void replace(List<CommittedFile> replaced, CommittedFile replacement);

    /**
     * Whether files a compaction replaced must stay in the store (Iceberg: older snapshots still read them, until
     * their snapshots expire); otherwise they are deleted once the replacement is published.
     */
    boolean keepsReplacedFiles();

    /**
     * Forgets table history committed before {@code before} (Iceberg: expires snapshots, deleting the files only
     * they referenced, e.g. what compactions replaced); nothing for formats without history.
     *
     * @return how many snapshots were expired
     */
    int expireHistory(java.time.Instant before);
}
