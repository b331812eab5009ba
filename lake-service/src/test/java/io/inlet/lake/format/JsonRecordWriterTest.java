package io.inlet.lake.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inlet.columns.Column;
import io.inlet.columns.JsonSchemaMapper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Converting JSON values into their columns' Parquet values. */
class JsonRecordWriterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void valuesThatDoNotFitTheirColumnAreReportedWithTheirPointer() {
        Column.Struct root = JsonSchemaMapper.map("""
                {"type":"object","properties":{"items":{"type":"array","items":{"type":"object",
                  "properties":{"q":{"type":"integer"},"at":{"type":"string","format":"date-time"}}}}}}""");
        assertThatThrownBy(() -> JsonRecordWriter.check(root, (ObjectNode) JSON.readTree(
                "{\"items\":[{\"q\":1},{\"q\":\"2\"}]}")))
                .isInstanceOfSatisfying(ValueConversionException.class, e -> {
                    assertThat(e.pointer()).isEqualTo("/items/1/q");
                    assertThat(e.keyword()).isEqualTo("type");
                });
        assertThatThrownBy(() -> JsonRecordWriter.check(root, (ObjectNode) JSON.readTree(
                "{\"items\":[{\"at\":\"yesterday\"}]}")))
                .isInstanceOfSatisfying(ValueConversionException.class,
                        e -> assertThat(e.keyword()).isEqualTo("format"));
        JsonRecordWriter.check(root, (ObjectNode) JSON.readTree(
                "{\"items\":[{\"q\":2.0,\"at\":\"2026-01-01t10:00:00.123456z\"}, null]}"));
    }

    @Test
    void timestampsAreMicrosecondsInUtc() {
        assertThat(JsonRecordWriter.epochMicros("1970-01-01T01:00:00.000001+01:00", "")).isEqualTo(1L);
        assertThat(JsonRecordWriter.epochDay("1970-01-02", "")).isEqualTo(1);
    }
}
