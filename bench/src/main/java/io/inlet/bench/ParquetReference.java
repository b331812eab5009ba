package io.inlet.bench;

import io.inlet.columns.JsonSchemaMapper;
import io.inlet.lake.format.ParquetFileWriter;
import io.inlet.lake.schema.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The raw Parquet write rate for the same rows, with the lake-service's own writer (its JSON-schema-to-Parquet
 * mapping, metadata columns, ZSTD, local file): rows parsed once, then written file after file. Also gives the
 * Parquet size as a share of the JSON bytes.
 */
final class ParquetReference {

    record Result(long rows, double writeRowsPerSecond, double parseRowsPerSecond, long jsonBytes,
                  long parquetBytes) {
    }

    private ParquetReference() {
    }

    static Result measure(Payloads payloads, int rowsPerFile, Duration duration, Path directory) throws IOException {
        JsonMapper mapper = JsonMapper.builder().build();
        TableSchema table = TableSchema.forEvents(JsonSchemaMapper.map(Payloads.SCHEMA));
        List<ObjectNode> rows = new ArrayList<>(rowsPerFile);
        long jsonBytes = 0;
        Instant received = Instant.now();
        List<byte[]> events = payloads.events(rowsPerFile);
        long parseStart = System.nanoTime();
        for (int i = 0; i < events.size(); i++) {
            byte[] json = events.get(i);
            jsonBytes += json.length;
            ObjectNode row = (ObjectNode) mapper.readTree(json);
            row.put(TableSchema.EVENT_ID, "0192f0c4-7e3a-7b6d-9a1e-" + String.format("%012d", i));
            row.put(TableSchema.RECEIVED_AT, received.plusMillis(i).toString());
            row.put(TableSchema.SCHEMA_VERSION, 1L);
            row.put(TableSchema.SOURCE, "gateway");
            rows.add(row);
        }
        double parseSeconds = (System.nanoTime() - parseStart) / 1e9;
        ParquetFileWriter writer = new ParquetFileWriter("ZSTD", 128L * 1024 * 1024, directory);
        long written = 0;
        long parquetBytes = 0;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        do {
            Path file = writer.write(table, rows.iterator(), Map.of());
            written += rows.size();
            parquetBytes = Files.size(file);
            ParquetFileWriter.deleteQuietly(file);
        } while (System.nanoTime() < end);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(written, written / seconds, rows.size() / parseSeconds, jsonBytes, parquetBytes);
    }
}
