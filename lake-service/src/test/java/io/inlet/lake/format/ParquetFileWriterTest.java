package io.inlet.lake.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.frame.FilteredBy;
import io.inlet.contracts.frame.Origin;
import io.inlet.lake.buffer.FilteredRow;
import io.inlet.lake.read.LakeFileReader;
import io.inlet.lake.schema.TableSchema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ZSTD files on reused native contexts: readable by parquet-java, one context per file in flight, not per file. */
class ParquetFileWriterTest {

    @TempDir
    Path directory;

    @Test
    void filesWrittenOneAfterAnotherShareOneZstdContextAndReadBackWhole() throws Exception {
        try (ParquetFileWriter writer = new ParquetFileWriter("ZSTD", 1 << 20, directory)) {
            for (int file = 0; file < 3; file++) {
                List<FilteredRow> rows = rows(20_000, file);
                Path written = writer.writeRows(TableSchema.FILTERED, rows.iterator(), Map.of());

                assertThat(writer.idleZstdContexts()).as("the file's context is back in the pool").isEqualTo(1);
                List<LakeFileReader.Row> read = new ArrayList<>();
                LakeFileReader.read(written, 0, column -> true, read::add);
                assertThat(read).hasSize(rows.size());
                assertThat(LakeFileReader.string(read.get(12_345).columns(), TableSchema.EVENT_ID))
                        .isEqualTo(rows.get(12_345).eventId());
                try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(new LocalInputFile(written))) {
                    assertThat(reader.getFooter().getBlocks()).allSatisfy(block -> assertThat(block.getColumns())
                            .allSatisfy(column -> assertThat(column.getCodec()).isEqualTo(CompressionCodecName.ZSTD)));
                }
            }
        }
    }

    @Test
    void filesWrittenAtTheSameTimeEachHaveAContextAndGiveItBack() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try (ParquetFileWriter writer = new ParquetFileWriter("ZSTD", 1 << 20, directory)) {
            List<CompletableFuture<Path>> files = new ArrayList<>();
            for (int file = 0; file < 3; file++) {
                List<FilteredRow> rows = rows(50_000, file);
                files.add(CompletableFuture.supplyAsync(
                        () -> writer.writeRows(TableSchema.FILTERED, rows.iterator(), Map.of()), threads));
            }
            for (CompletableFuture<Path> file : files) {
                List<LakeFileReader.Row> read = new ArrayList<>();
                LakeFileReader.read(file.get(), 0, column -> true, read::add);
                assertThat(read).hasSize(50_000);
            }
            assertThat(writer.idleZstdContexts()).isBetween(1, 3);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void otherCodecsAreParquetJavasOwn() throws Exception {
        try (ParquetFileWriter writer = new ParquetFileWriter("SNAPPY", 1 << 20, directory)) {
            Path written = writer.writeRows(TableSchema.FILTERED, rows(1_000, 0).iterator(), Map.of());

            assertThat(writer.idleZstdContexts()).isZero();
            try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(new LocalInputFile(written))) {
                assertThat(reader.getFooter().getBlocks().get(0).getColumns().get(0).getCodec())
                        .isEqualTo(CompressionCodecName.SNAPPY);
            }
        }
    }

    private static List<FilteredRow> rows(int count, int seed) {
        FilteredBy step = new FilteredBy(2, FilteredBy.FILTER, "#amount > 0", 4L);
        Instant base = Instant.parse("2026-12-01T10:00:00Z");
        List<FilteredRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new FilteredRow(new UUID(0x0193a5c2_0000_7000L | i, UUID.randomUUID().getLeastSignificantBits())
                    .toString(), base.plusMillis(i / 10), "gateway-" + seed, step, 3, "req-" + (i / 100),
                    Origin.of("INLET_RAW@1764590000000", 1_000 + i / 100, i % 100, 100)));
        }
        return rows;
    }
}
