package io.inlet.faults.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the lake from outside, as an analyst would: DuckDB over the published Parquet files in the S3 folder (hive
 * partitions, files of several schema versions unioned by column name). Only the lake's own envelope column
 * {@value #EVENT_ID_COLUMN} is read.
 */
public final class LakeReader {

    /** The lake's event-id column ({@code io.inlet.lake.schema.TableSchema.EVENT_ID}). */
    public static final String EVENT_ID_COLUMN = "_inlet_event_id";

    private final LakeFolder folder;

    public LakeReader(LakeFolder folder) {
        this.folder = folder;
    }

    public LakeContents read(String bucket, String eventType) throws SQLException {
        if (folder.publishedFiles(bucket).stream().noneMatch(file -> file.startsWith(bucket + "/" + eventType + "/"))) {
            return LakeContents.empty();
        }
        return query("'" + folder.tableGlob(bucket, eventType).replace("'", "''") + "'");
    }

    /** Every published file of a bucket, whatever its table (the error lake: nothing should be there). */
    public LakeContents readAll(String bucket) throws SQLException {
        List<String> files = folder.publishedFiles(bucket);
        if (files.isEmpty()) {
            return LakeContents.empty();
        }
        return query(files.stream().map(file -> "'" + folder.root().resolve(file).toString().replace("'", "''") + "'")
                .collect(Collectors.joining(",", "[", "]")));
    }

    private LakeContents query(String source) throws SQLException {
        Map<String, Integer> copies = new HashMap<>();
        Map<String, Long> arrivedAt = new HashMap<>();
        Map<String, Long> mtimes = new HashMap<>();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duckdb.createStatement();
             ResultSet rows = statement.executeQuery("select " + EVENT_ID_COLUMN + ", filename from read_parquet(" + source
                     + ", hive_partitioning=true, union_by_name=true, filename=true)")) {
            while (rows.next()) {
                String id = rows.getString(1);
                long mtime = mtimes.computeIfAbsent(rows.getString(2), LakeReader::mtime);
                copies.merge(id, 1, Integer::sum);
                arrivedAt.merge(id, mtime, Math::min);
            }
        }
        return new LakeContents(copies, arrivedAt, mtimes.size());
    }

    private static long mtime(String file) {
        try {
            return Files.getLastModifiedTime(Path.of(file)).toMillis();
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
