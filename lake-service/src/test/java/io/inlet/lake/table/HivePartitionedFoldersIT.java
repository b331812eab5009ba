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

/** The table-format contract for the Hive-partitioned folders on S3, read back by DuckDB over the table folder. */
class HivePartitionedFoldersIT extends TableFormatContract {

    private final TableFormat format = new HivePartitionedFolders();

    @Override
    protected TableFormat format() {
        return format;
    }

    @Override
    protected List<String> idsReadBack(Lake lake, String table) {
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
                         + "/**/*.parquet', hive_partitioning = true, union_by_name = true)")) {
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
