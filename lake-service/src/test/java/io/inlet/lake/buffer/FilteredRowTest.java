package io.inlet.lake.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.frame.FilteredBy;
import io.inlet.contracts.frame.Origin;
import io.inlet.lake.format.ParquetFileWriter;
import io.inlet.lake.read.LakeFileReader;
import io.inlet.lake.schema.TableSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A filtered-table file as the lake writes it: every column read back, and what a row costs in Parquet. */
class FilteredRowTest {

    @TempDir
    Path directory;

    @Test
    void writesEveryColumnAndCostsAFewBytesPerRow() throws Exception {
        FilteredBy step = new FilteredBy(2, FilteredBy.FILTER, "#amount > 0", 4L);
        Instant base = Instant.parse("2026-12-01T10:00:00Z");
        List<FilteredRow> rows = new ArrayList<>();
        int count = 10_000;
        for (int i = 0; i < count; i++) {
            // Gateway ids are UUIDv7s: random bits, so the id column is most of a file.
            rows.add(new FilteredRow(new UUID(0x0193a5c2_0000_7000L | i, UUID.randomUUID().getLeastSignificantBits())
                    .toString(), base.plusMillis(i / 10), "gateway", step, 3, "req-" + (i / 100),
                    Origin.of("INLET_RAW@1764590000000", 1_000 + i / 100, i % 100, 100)));
        }
        Path file = new ParquetFileWriter("ZSTD", 128L * 1024 * 1024, directory).writeRows(TableSchema.FILTERED,
                rows.iterator(), Map.of());

        List<LakeFileReader.Row> read = new ArrayList<>();
        LakeFileReader.read(file, 0, column -> true, read::add);
        assertThat(read).hasSize(count);
        var first = read.get(101).columns();
        assertThat(LakeFileReader.string(first, TableSchema.EVENT_ID)).isEqualTo(rows.get(101).eventId());
        assertThat(LakeFileReader.timestamp(first, TableSchema.RECEIVED_AT)).isEqualTo(base.plusMillis(10));
        assertThat(LakeFileReader.int64(first, "step")).isEqualTo(2L);
        assertThat(LakeFileReader.string(first, "step_kind")).isEqualTo("filter");
        assertThat(LakeFileReader.string(first, "description")).isEqualTo("#amount > 0");
        assertThat(LakeFileReader.int64(first, "pipeline_revision")).isEqualTo(4L);
        assertThat(LakeFileReader.int64(first, "schema_version")).isEqualTo(3L);
        assertThat(LakeFileReader.string(first, "request_id")).isEqualTo("req-1");
        assertThat(LakeFileReader.string(first, "origin_stream")).isEqualTo("INLET_RAW@1764590000000");
        assertThat(LakeFileReader.int64(first, "origin_sequence")).isEqualTo(1_001L);
        assertThat(LakeFileReader.int64(first, "origin_index")).isEqualTo(1L);
        long perRow = Files.size(file) / count;
        // ARCHITECTURE.md's cost table quotes this: the id's random half, the rest dictionary- and delta-encoded.
        assertThat(perRow).as("bytes per filtered row (13 when measured)").isLessThan(20);
    }
}
