package io.inlet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads a lake table as a user would: every published Parquet file under {@code <table>/} in the bucket, with
 * DuckDB ({@code union_by_name}: files of different schema versions form one table). DuckDB cannot load its S3
 * extension here, so the files are downloaded first.
 */
final class LakeReader {

    private final E2eStack stack;

    LakeReader(E2eStack stack) {
        this.stack = stack;
    }

    /**
     * The rows of {@code select <columns> from <table> <tail>} in the given bucket ({@code tail}: e.g. an order by);
     * empty while no file is published.
     */
    List<Map<String, Object>> rows(String bucket, String table, String columns, String tail) {
        Path directory;
        try {
            directory = Files.createTempDirectory("lake-" + table.replace('.', '_'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int files = 0;
        try (S3Client client = stack.s3.client()) {
            for (S3Object object : client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(table + "/")).contents()) {
                if (object.key().endsWith(".parquet")) {
                    Path target = directory.resolve(object.key());
                    Files.createDirectories(target.getParent());
                    client.getObject(r -> r.bucket(bucket).key(object.key()), target);
                    files++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files == 0) {
            return List.of();
        }
        String sql = "select " + columns + " from read_parquet('" + directory + "/" + table
                + "/**/*.parquet', hive_partitioning = true, union_by_name = true) " + tail;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = result.getObject(i);
                    row.put(meta.getColumnLabel(i), value == null ? null : value.toString());
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** {@link #rows} once the table has {@code count} rows (polled each second for up to {@code atMost}). */
    List<Map<String, Object>> awaitRows(String bucket, String table, String columns, String tail, int count,
                                        Duration atMost) {
        List<List<Map<String, Object>>> last = new ArrayList<>(List.of(List.of()));
        await().atMost(atMost).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<Map<String, Object>> rows = rows(bucket, table, columns, tail);
                    last.set(0, rows);
                    assertThat(rows).as("rows of %s in %s", table, bucket).hasSize(count);
                });
        return last.get(0);
    }
}
