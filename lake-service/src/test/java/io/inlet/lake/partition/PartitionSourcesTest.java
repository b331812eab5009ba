package io.inlet.lake.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inlet.lake.buffer.EventRow;
import io.inlet.lake.format.RowTape;
import io.inlet.columns.JsonSchemaMapper;
import io.inlet.lake.schema.TableSchema;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionSourcesTest {

    private static final TableSchema ORDERS = TableSchema.forEvents(JsonSchemaMapper.map("""
            {"type":"object","properties":{"id":{"type":"string"},
              "lines":{"type":"array","items":{"type":"object","properties":{"at":{"type":"string","format":"date-time"},
                "n":{"type":"integer"}}}},
              "occurred_at":{"type":"string","format":"date-time"},"note":{"type":"string"}}}"""));
    private static final Instant RECEIVED = Instant.parse("2026-11-24T12:30:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aTypePartitionedByAPayloadTimestampTakesTheRowsValue() {
        PartitionSources sources = new PartitionSources("_inlet_received_at", Map.of("order.created", "occurred_at"),
                meters);
        PartitionSources.Source source = sources.of("order.created", ORDERS);

        Partition p = source.partitionOf(row("""
                {"id":"a","lines":[{"at":"2030-01-01T00:00:00Z","n":1}],"occurred_at":"2026-11-23T22:15:00.5+01:00"}"""),
                RECEIVED);

        assertThat(source.fallback()).isFalse();
        assertThat(p).isEqualTo(new Partition("occurred_at", java.time.LocalDate.of(2026, 11, 23), 21));
    }

    @Test
    void aMissingOrNullValueIsTheNullPartition() {
        PartitionSources.Source source = new PartitionSources("occurred_at", Map.of(), meters).of("order.created",
                ORDERS);

        assertThat(source.partitionOf(row("{\"id\":\"a\"}"), RECEIVED)).isEqualTo(Partition.nullOf("occurred_at"));
        assertThat(source.partitionOf(row("{\"id\":\"a\",\"occurred_at\":null,\"note\":\"x\"}"), RECEIVED))
                .isEqualTo(Partition.nullOf("occurred_at"));
    }

    @Test
    void otherTypesKeepTheDefaultAndADashedKeyNamesTheDottedType() {
        PartitionSources sources = new PartitionSources("_inlet_received_at", Map.of("order-created", "occurred_at"),
                meters);

        assertThat(sources.configured("order.created")).isEqualTo("occurred_at");
        assertThat(sources.configured("page.viewed")).isEqualTo("_inlet_received_at");
        assertThat(sources.of("page.viewed", ORDERS).partitionOf(row("{\"occurred_at\":\"2020-01-01T00:00:00Z\"}"),
                RECEIVED)).isEqualTo(Partition.of(RECEIVED));
    }

    @Test
    void aSourceThatIsNoTimestampOfTheTableFallsBackToReceivedAtAndIsCounted() {
        PartitionSources sources = new PartitionSources("_inlet_received_at",
                Map.of("order.created", "note", "order.paid", "paid_at"), meters);

        PartitionSources.Source notATimestamp = sources.of("order.created", ORDERS);
        PartitionSources.Source missing = sources.of("order.paid", ORDERS);
        sources.countFallback("order.created");

        assertThat(notATimestamp.fallback()).isTrue();
        assertThat(notATimestamp.partitionOf(row("{\"note\":\"x\"}"), RECEIVED)).isEqualTo(Partition.of(RECEIVED));
        assertThat(missing.isReceivedAt()).isTrue();
        assertThat(meters.get(PartitionSources.FALLBACK_METRIC).tag("event_type", "order.created").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void refusesAtStartUpASourceThatCanNeverBeAPartitionColumn() {
        assertThatThrownBy(() -> new PartitionSources(" ", Map.of(), meters))
                .hasMessageContaining("inlet.lake.partitioning.source");
        assertThatThrownBy(() -> new PartitionSources("_inlet_received_at", Map.of("a", "order.occurred_at"), meters))
                .hasMessageContaining("inlet.lake.partitioning.by-type.a.source").hasMessageContaining("top-level");
        assertThatThrownBy(() -> new PartitionSources("_inlet_event_id", Map.of(), meters))
                .hasMessageContaining("metadata");
    }

    private static EventRow row(String json) {
        return EventRow.convert("id-1", RECEIVED, "gateway", 1, json.getBytes(StandardCharsets.UTF_8), ORDERS,
                new RowTape.Recorder());
    }
}
