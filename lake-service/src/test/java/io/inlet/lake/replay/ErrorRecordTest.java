package io.inlet.lake.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.Violation;
import io.inlet.lake.buffer.ErrorRow;
import io.inlet.lake.format.ParquetFileMerger;
import io.inlet.lake.format.ParquetFileWriter;
import io.inlet.lake.read.LakeFileReader;
import io.inlet.columns.Column;
import io.inlet.lake.schema.TableSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apache.parquet.schema.MessageType;

/** An error-lake file as the lake writes it, read back row by row as a replay reads it. */
class ErrorRecordTest {

    @TempDir
    Path directory;

    @Test
    void readsBackEveryColumnAReplayNeedsIncludingBinaryPayloads() throws Exception {
        Instant received = Instant.parse("2026-11-24T09:20:00.123456Z");
        byte[] binary = {(byte) 0xff, 0, 'I', 'F'};
        String[] encoded = ErrorRow.encodePayload(binary);
        List<ErrorRow> rows = List.of(
                new ErrorRow("e-1", received, "gateway", "schema", "2 schema violations",
                        List.of(new Violation("/n", "type", "string found"), new Violation("", "required", "no user")),
                        7L, 1, "{\"n\":\"x\"}", ErrorRow.ENCODING_UTF8, "inlet.events.a", received),
                new ErrorRow("e-2", received, null, "decode", "not a readable frame", List.of(), null, null,
                        encoded[0], encoded[1], "inlet.raw.a", received));
        Path file = new ParquetFileWriter("ZSTD", 1 << 20, directory).writeRows(TableSchema.ERRORS, rows.iterator(),
                Map.of());

        List<ErrorRecord> read = new ArrayList<>();
        LakeFileReader.read(file, 0, column -> true, row -> read.add(ErrorRecord.of(42, row)));

        assertThat(read).hasSize(2);
        ErrorRecord first = read.get(0);
        assertThat(first.fileId()).isEqualTo(42);
        assertThat(first.position()).isZero();
        assertThat(first.eventId()).isEqualTo("e-1");
        assertThat(first.receivedAt()).isEqualTo(received);
        assertThat(first.source()).isEqualTo("gateway");
        assertThat(first.stage()).isEqualTo("schema");
        assertThat(first.schemaVersion()).isEqualTo(1);
        assertThat(first.violations()).containsExactly(new Violation("/n", "type", "string found"),
                new Violation("", "required", "no user"));
        assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":\"x\"}");
        ErrorRecord second = read.get(1);
        assertThat(second.position()).isEqualTo(1);
        assertThat(second.payload()).isEqualTo(binary);
        assertThat(second.violations()).isEmpty();
        assertThat(second.schemaVersion()).isNull();

        assertThat(first.requestId()).isNull();
        assertThat(first.attributes()).isEmpty();

        List<Long> fromOne = new ArrayList<>();
        LakeFileReader.read(file, 1, column -> true, row -> fromOne.add(row.position()));
        assertThat(fromOne).containsExactly(1L);
    }

    @Test
    void keepsTheEnvelopeAndReadsFilesWrittenBeforeTheEnvelopeColumnsAsWithoutOne() throws Exception {
        Instant received = Instant.parse("2026-11-24T09:20:00Z");
        ErrorRow row = new ErrorRow("e-1", received, "gateway", "schema", "1 schema violation", List.of(), 7L, 1,
                "{\"n\":1}", ErrorRow.ENCODING_UTF8, "inlet.events.a", received, "key-1", "req-1",
                Map.of("source", "/shop", "specversion", "1.0", "subject", "\"quoted\" ü"));
        Path current = new ParquetFileWriter("ZSTD", 1 << 20, directory).writeRows(TableSchema.ERRORS,
                List.of(row).iterator(), Map.of());
        List<ErrorRecord> read = new ArrayList<>();
        LakeFileReader.read(current, 0, column -> true, r -> read.add(ErrorRecord.of(1, r)));
        assertThat(read).singleElement().satisfies(r -> {
            assertThat(r.apiKeyId()).isEqualTo("key-1");
            assertThat(r.requestId()).isEqualTo("req-1");
            assertThat(r.attributes()).containsExactlyInAnyOrderEntriesOf(row.attributes());
        });

        // The error lake's layout before it kept the envelope: its first twelve columns.
        List<Column> before = TableSchema.ERRORS.root().fields().subList(0, 12);
        TableSchema old = new TableSchema(new Column.Struct("inlet_error", before, false),
                new MessageType("inlet_error", TableSchema.ERRORS.messageType().getFields().subList(0, 12)));
        Path older = Files.createDirectories(directory.resolve("old"));
        Path oldFile = new ParquetFileWriter("ZSTD", 1 << 20, older).writeRows(old, List.of(row).iterator(), Map.of());
        assertThat(ParquetFileMerger.schemaOf(oldFile).getFieldCount()).isEqualTo(12);
        List<ErrorRecord> readOld = new ArrayList<>();
        LakeFileReader.read(oldFile, 0, column -> true, r -> readOld.add(ErrorRecord.of(2, r)));
        assertThat(readOld).singleElement().satisfies(r -> {
            assertThat(r.eventId()).isEqualTo("e-1");
            assertThat(new String(r.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
            assertThat(r.apiKeyId()).isNull();
            assertThat(r.requestId()).isNull();
            assertThat(r.attributes()).isEmpty();
        });
    }
}
