package io.inlet.lake.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inlet.lake.format.JsonRecordWriter;
import io.inlet.columns.JsonSchemaMapper;
import io.inlet.lake.format.ParquetFileWriter;
import io.inlet.lake.format.RowTape;
import io.inlet.lake.schema.TableSchema;
import io.inlet.lake.format.ValueConversionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rows converted once when buffered ({@link RowTape}) must land exactly as rows converted from their JSON at the
 * flush did: the same Parquet bytes, the same rejections.
 */
class EventRowTapeTest {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();

    private static final String V1 = """
            {"type":"object","properties":{
              "s":{"type":"string"}, "ts":{"type":"string","format":"date-time"}, "d":{"type":"string","format":"date"},
              "i":{"type":"integer"}, "n":{"type":"number"}, "b":{"type":"boolean"}, "maybe":{"type":["string","null"]},
              "obj":{"type":"object","additionalProperties":false,"properties":{"x":{"type":"integer"},
                     "inner":{"type":"object","properties":{"y":{"type":"string"}}}}},
              "list":{"type":"array","items":{"type":"string"}},
              "points":{"type":"array","items":{"type":"object","properties":{"x":{"type":"number"}}}},
              "nested":{"type":"array","items":{"type":"array","items":{"type":"integer"}}},
              "free":{"type":"object"}, "either":{"oneOf":[{"type":"string"},{"type":"integer"}]}}}""";
    /** V1 plus a column that V1 events may carry as an undeclared property, and an open {@code obj}. */
    private static final String V2 = V1.replace("\"s\":{\"type\":\"string\"},",
            "\"s\":{\"type\":\"string\"}, \"extra\":{\"type\":\"integer\"},")
            .replace("\"additionalProperties\":false,", "");

    private static final List<String> EVENTS = List.of(
            """
            {"s":"héllo \\u2603 \\ud83d\\ude00","ts":"2026-12-01T13:00:00.123456+02:00","d":"2026-12-01","i":-9007199254740993,
             "n":1.5e300,"b":true,"maybe":null,"obj":{"x":3,"inner":{"y":"z","more":[1,{"a":null}]},"dropped":1},
             "list":["a",null,"c"],"points":[{"x":1},{"x":2.25,"tag":"t"},null],"nested":[[1,2],[],null,[3]],
             "free":{"k":[1,2,{"q":"r"}]},"either":7,"extra":42,"zzz":{"a":"b"}}""",
            "{}",
            "{\"i\":1.0,\"n\":3,\"b\":false,\"list\":[],\"points\":[],\"obj\":{},\"s\":\"\",\"s\":\"last wins\"}",
            "{\"ts\":\"1969-12-31T23:59:59.999999Z\",\"d\":\"1970-01-01\",\"either\":\"x\",\"free\":{}}",
            "{\"_inlet_event_id\":\"spoofed\",\"_inlet_source\":5,\"_inlet_received_at\":\"x\",\"s\":\"metadata wins\"}");

    @TempDir
    Path dir;

    @Test
    void replayedRowsWriteTheSameFileAsJsonRecords() throws Exception {
        TableSchema v1 = TableSchema.forEvents(JsonSchemaMapper.map(V1));
        assertSameFile(v1, rows(v1, 1));
    }

    @Test
    void aRowIsOnlyWrittenWithTheColumnsItWasConvertedFor() {
        TableSchema v1 = TableSchema.forEvents(JsonSchemaMapper.map(V1));
        TableSchema v2 = TableSchema.forEvents(JsonSchemaMapper.map(V2));
        TableSchema sameAsV1 = TableSchema.forEvents(JsonSchemaMapper.map(V1));
        EventRow row = convert(v1, 1, EVENTS.get(0), 0);
        assertThatThrownBy(() -> row.writeTo(new RowTape.Recorder(), v2)).isInstanceOf(IllegalStateException.class);
        RowTape.Recorder replayed = new RowTape.Recorder();
        row.writeTo(replayed, sameAsV1);
        assertThat(replayed.toByteArray()).isEqualTo(row.tapeBytes());
    }

    @Test
    void rejectsValuesThatDoNotFitAsTheJsonWriterDoes() {
        TableSchema v1 = TableSchema.forEvents(JsonSchemaMapper.map(V1));
        for (String bad : List.of("{\"i\":1.5}", "{\"obj\":{\"x\":\"3\"}}", "{\"ts\":\"yesterday\"}",
                "{\"list\":[1]}", "{\"i\":18446744073709551616}", "{\"d\":\"2026-13-01\"}")) {
            ObjectNode record = record(new Event("id-1-0", Instant.parse("2026-12-01T13:00:00Z"), "gateway", 1,
                    bad));
            Throwable expected = org.assertj.core.api.Assertions.catchThrowable(
                    () -> JsonRecordWriter.check(v1.root(), record));
            assertThat(expected).isInstanceOf(ValueConversionException.class);
            assertThatThrownBy(() -> convert(v1, 1, bad, 0))
                    .isInstanceOf(ValueConversionException.class)
                    .hasMessage(expected.getMessage())
                    .satisfies(e -> assertThat(((ValueConversionException) e).pointer())
                            .isEqualTo(((ValueConversionException) expected).pointer()));
        }
        assertThatThrownBy(() -> convert(v1, 1, "[1]", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> convert(v1, 1, "{\"a\":", 0)).isInstanceOf(JacksonException.class);
    }

    @Test
    void theRowsAStatementMadeOfOneEventWriteOneRecordEachAsTheirJsonRecordsDo() throws Exception {
        TableSchema v1 = TableSchema.forEvents(JsonSchemaMapper.map(V1));
        Instant at = Instant.parse("2026-12-01T13:00:00Z");
        String rows = "[" + EVENTS.get(0) + ", {}, " + EVENTS.get(2) + "]";
        EventRow row = convert(v1, new Event("id-1-0", at, "gateway", 1, rows));
        EventRow single = convert(v1, new Event("id-1-1", at, "nats", 1, "[" + EVENTS.get(3) + "]"));

        assertThat(row.recordCount()).isEqualTo(3);
        assertThat(single.recordCount()).isEqualTo(1);
        assertThatThrownBy(() -> row.writeTo(new RowTape.Recorder(), v1)).isInstanceOf(IllegalStateException.class);
        ParquetFileWriter writer = new ParquetFileWriter("ZSTD", 128L * 1024 * 1024, dir);
        Path fromTapes = writer.writeRows(v1, java.util.stream.Stream.of(row, single)
                .flatMap(EventRow::records).iterator(), Map.of("k", "v"));
        Path fromJson = writer.write(v1, java.util.stream.Stream.of(EVENTS.get(0), "{}", EVENTS.get(2), EVENTS.get(3))
                .map(json -> record(new Event(json.equals(EVENTS.get(3)) ? "id-1-1" : "id-1-0", at,
                        json.equals(EVENTS.get(3)) ? "nats" : "gateway", 1, json))).iterator(), Map.of("k", "v"));
        assertThat(Files.readAllBytes(fromTapes)).isEqualTo(Files.readAllBytes(fromJson));
        // stored in a buffer's shared chunk, the rows keep their records
        EventRow copied = row.copiedTo(new byte[row.length() + 10], 10);
        assertThat(copied.recordCount()).isEqualTo(3);
        assertThat(copied.receivedAt()).isEqualTo(at);
    }

    @Test
    void aValueOfAnEventsRowThatDoesNotFitNamesTheRowAndAnEmptyArrayIsNoEvent() {
        TableSchema v1 = TableSchema.forEvents(JsonSchemaMapper.map(V1));
        assertThatThrownBy(() -> convert(v1, 1, "[{\"i\":1}, {\"i\":1.5}]", 0))
                .isInstanceOf(ValueConversionException.class)
                .satisfies(e -> assertThat(((ValueConversionException) e).pointer()).isEqualTo("/1/i"));
        assertThatThrownBy(() -> convert(v1, 1, "[]", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> convert(v1, 1, "[{}, 2]", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1");
    }

    @Test
    void receivedAtOutsideFourDigitYearsConvertsAsItsText() {
        TableSchema v1 = TableSchema.forEvents(JsonSchemaMapper.map(V1));
        for (Instant at : List.of(Instant.ofEpochSecond(253402300800L, 999), Instant.ofEpochSecond(-62167219201L),
                Instant.ofEpochSecond(253402300799L, 999_999_999), Instant.ofEpochSecond(-62167219200L))) {
            ObjectNode record = record(new Event("id", at, "gateway", 1, "{}"));
            Throwable expected = org.assertj.core.api.Assertions.catchThrowable(
                    () -> JsonRecordWriter.check(v1.root(), record));
            Throwable actual = org.assertj.core.api.Assertions.catchThrowable(() -> convert(v1, 1, "{}", 0, at));
            if (expected == null) {
                assertThat(actual).isNull();
            } else {
                assertThat(actual).isInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
            }
        }
    }

    @Test
    void tapesOfYearsOutsideTheFastPathWriteTheSameFile() throws Exception {
        TableSchema v1 = TableSchema.forEvents(JsonSchemaMapper.map(V1));
        assertSameFile(v1, List.of(new Event("id-1-0", Instant.ofEpochSecond(253402300800L, 999), "gateway", 1, "{}"),
                new Event("id-1-1", Instant.ofEpochSecond(-62167219200L, 1000), "nats", 1, "{}")));
    }

    /** An event as the lake receives it: envelope and JSON. */
    private record Event(String id, Instant receivedAt, String source, int version, String json) {
    }

    /** The file from tapes is the file from the events' JSON records (metadata columns added) at the flush. */
    private void assertSameFile(TableSchema schema, List<Event> events) throws Exception {
        List<EventRow> rows = events.stream().map(e -> EventRow.convert(e.id(), e.receivedAt(), e.source(),
                e.version(), e.json().getBytes(StandardCharsets.UTF_8), schema, new RowTape.Recorder())).toList();
        ParquetFileWriter writer = new ParquetFileWriter("ZSTD", 128L * 1024 * 1024, dir);
        Path fromTapes = writer.writeRows(schema, rows.iterator(), Map.of("k", "v"));
        Path fromJson = writer.write(schema, events.stream().map(EventRowTapeTest::record).iterator(),
                Map.of("k", "v"));
        assertThat(Files.readAllBytes(fromTapes)).isEqualTo(Files.readAllBytes(fromJson));
    }

    private static ObjectNode record(Event event) {
        ObjectNode record = (ObjectNode) JSON.readTree(event.json());
        record.put(TableSchema.EVENT_ID, event.id());
        record.put(TableSchema.RECEIVED_AT, event.receivedAt().toString());
        record.put(TableSchema.SCHEMA_VERSION, event.version());
        record.put(TableSchema.SOURCE, event.source());
        return record;
    }

    private static List<Event> rows(TableSchema schema, int version) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(event(version, EVENTS.get(i % EVENTS.size()), i));
        }
        return events;
    }

    private static Event event(int version, String json, int i) {
        Instant receivedAt = switch (i % 4) {
            case 0 -> Instant.parse("2026-12-01T13:00:00Z").plusNanos(i * 1001L);
            case 1 -> Instant.parse("2026-12-01T13:00:00Z").plusMillis(i);
            case 2 -> Instant.parse("1969-12-31T23:59:59.999999999Z").minusNanos(i);
            default -> Instant.parse("0001-01-01T00:00:00Z").plusSeconds(i);
        };
        return new Event("id-" + version + "-" + i, receivedAt, i % 2 == 0 ? "gateway" : "nats", version, json);
    }

    private static EventRow convert(TableSchema schema, int version, String json, int i) {
        Instant receivedAt = switch (i % 4) {
            case 0 -> Instant.parse("2026-12-01T13:00:00Z").plusNanos(i * 1001L);
            case 1 -> Instant.parse("2026-12-01T13:00:00Z").plusMillis(i);
            case 2 -> Instant.parse("1969-12-31T23:59:59.999999999Z").minusNanos(i);
            default -> Instant.parse("0001-01-01T00:00:00Z").plusSeconds(i);
        };
        return convert(schema, event(version, json, i));
    }

    private static EventRow convert(TableSchema schema, int version, String json, int i, Instant receivedAt) {
        return convert(schema, new Event("id-" + version + "-" + i, receivedAt, i % 2 == 0 ? "gateway" : "nats",
                version, json));
    }

    private static EventRow convert(TableSchema schema, Event e) {
        return EventRow.convert(e.id(), e.receivedAt(), e.source(), e.version(),
                e.json().getBytes(StandardCharsets.UTF_8), schema, new RowTape.Recorder());
    }
}
