package io.inlet.lake.table;

import io.inlet.lake.buffer.Lake;
import io.inlet.lake.storage.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;

/** The table-format contract for the Hive-partitioned folders on S3, read back by DuckDB over the table folder. */
class HivePartitionedFoldersIT extends TableFormatContract {

    private final TableFormat format = new HivePartitionedFolders();

    @Override
    protected TableFormat format() {
        return format;
    }

    @Override
    protected TableFormat formatPartitionedBy(String source) {
        return format;
    }

    @Override
    protected List<String> idsReadBack(Lake lake, String table) {
        return ids(table, "");
    }

    /**
     * Hive, Spark and Trino read {@code __HIVE_DEFAULT_PARTITION__} as null; DuckDB 2.0.0 (the newest here) reads it
     * as text, and fails to cast it when it infers {@code dt} as a date: read as text and {@code NULLIF}, as the README
     * tells DuckDB users (later DuckDB versions read it as null, duckdb#20512).
     */
    @Override
    protected List<String> idsInHour(String table, String source, Instant hourStart) {
        java.time.ZonedDateTime utc = hourStart.atZone(java.time.ZoneOffset.UTC);
        return ids(table, " WHERE CAST(NULLIF(dt, '__HIVE_DEFAULT_PARTITION__') AS DATE) = DATE '"
                + utc.toLocalDate() + "' AND CAST(NULLIF(hr, '__HIVE_DEFAULT_PARTITION__') AS INTEGER) = "
                + utc.getHour());
    }

    @Override
    protected List<String> idsInNullPartition(String table, String source) {
        return ids(table, " WHERE NULLIF(dt, '__HIVE_DEFAULT_PARTITION__') IS NULL"
                + " AND NULLIF(hr, '__HIVE_DEFAULT_PARTITION__') IS NULL");
    }

    private List<String> ids(String table, String where) {
        try {
            Path dir = Files.createTempDirectory("fmt-read-");
            for (ObjectStore.StoredObject object : store().list(bucket(), table + "/")) {
                Path target = dir.resolve(object.key());
                Files.createDirectories(target.getParent());
                store().download(bucket(), object.key(), target);
            }
            List<String> ids = new ArrayList<>();
            try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                 Statement statement = duck.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT _inlet_event_id FROM read_parquet('"
                         + dir.resolve(table).toString().replace("'", "''")
                         + "/**/*.parquet', hive_partitioning = true, hive_types = {'dt': VARCHAR, 'hr': VARCHAR},"
                         + " union_by_name = true)" + where)) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
