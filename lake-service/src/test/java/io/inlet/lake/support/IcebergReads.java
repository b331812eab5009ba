package io.inlet.lake.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import software.amazon.awssdk.services.s3.S3Client;

/** Reads the lake's Iceberg tables as outside readers do: Iceberg's generic reader, and DuckDB over the data files. */
public final class IcebergReads {

    private final Catalog catalog;
    private final S3Client s3;

    public IcebergReads(Catalog catalog, S3Client s3) {
        this.catalog = catalog;
        this.s3 = s3;
    }

    public Table table(String namespace, String name) {
        return catalog.loadTable(TableIdentifier.of(namespace, name));
    }

    /** Every row of the table's current snapshot, read by Iceberg's generic reader. */
    public List<Record> rows(Table table) {
        return rows(table, Expressions.alwaysTrue());
    }

    public List<Record> rows(Table table, Expression filter) {
        table.refresh();
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).where(filter).build()) {
            records.forEach(r -> rows.add(r.copy()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return rows;
    }

    /** The values of one top-level column, row by row. */
    public List<Object> column(Table table, String column) {
        return rows(table).stream().map(r -> r.getField(column)).toList();
    }

    /** How many snapshots of the table's history name this commit-log file id as one they added. */
    public long snapshotsAdding(Table table, long fileId, String property) {
        table.refresh();
        long count = 0;
        for (Snapshot snapshot : table.snapshots()) {
            String ids = snapshot.summary().get(property);
            if (ids != null && List.of(ids.split(",")).contains(Long.toString(fileId))) {
                count++;
            }
        }
        return count;
    }

    /** The object keys (in their bucket) of the data files in the table's current snapshot. */
    public List<String> currentDataFiles(Table table) {
        table.refresh();
        List<String> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(t -> files.add(t.file().location()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return files;
    }

    /**
     * Downloads the current snapshot's data files and runs a DuckDB query over them: {@code FROM lake} is
     * {@code read_parquet([...], union_by_name = true)}; {@code FILE} (in e.g. {@code parquet_schema(FILE)}) is the
     * first file.
     */
    public List<Map<String, Object>> duckdb(Table table, String sql) {
        try {
            Path dir = Files.createTempDirectory("iceberg-read-");
            List<String> local = new ArrayList<>();
            for (String location : currentDataFiles(table)) {
                String rest = location.substring("s3://".length());
                String bucket = rest.substring(0, rest.indexOf('/'));
                String key = rest.substring(rest.indexOf('/') + 1);
                Path target = dir.resolve(local.size() + ".parquet");
                s3.getObject(r -> r.bucket(bucket).key(key), target);
                local.add("'" + target.toString().replace("'", "''") + "'");
            }
            String from = "read_parquet([" + String.join(", ", local) + "], union_by_name = true)";
            try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                 Statement statement = duck.createStatement();
                 ResultSet rs = statement.executeQuery(sql.replace("FROM lake", "FROM " + from)
                         .replace("FILE", local.get(0)))) {
                ResultSetMetaData meta = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (Exception e) {
            throw new IllegalStateException("DuckDB query failed: " + e.getMessage(), e);
        }
    }
}
