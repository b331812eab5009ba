package io.inlet.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.lake.compaction.Compactor;
import io.inlet.lake.lineage.EventLineage;
import io.inlet.lake.lineage.LakeLineage;
import io.inlet.lake.support.LakeHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A type partitioned by a payload field ({@code inlet.lake.partitioning.by-type.order-created.source=occurred_at}),
 * end to end on real NATS, PostgreSQL and S3, run for each table format: events of two hours of {@code occurred_at}
 * and one without it, all received in a third hour; the error lake stays by received-at; late events add files
 * to a closed hour, which compaction merges without losing or doubling a row; lineage finds the events by their
 * received-at.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class EventTimePartitions {

    static final String TYPE = "order.created";
    static final String SCHEMA = """
            {"type":"object","additionalProperties":false,"required":["sku"],
             "properties":{"sku":{"type":"string"},"occurred_at":{"type":"string","format":"date-time"}}}""";
    static final Instant RECEIVED = Instant.parse("2026-11-24T12:05:00Z");
    static final Instant NINE = Instant.parse("2026-11-24T09:00:00Z");
    static final Instant TEN = Instant.parse("2026-11-24T10:00:00Z");

    static LakeHarness harness;
    static ConfigurableApplicationContext app;

    /** Starts the lake with {@code format}'s settings and lands the first events. */
    static void start(String hint, Map<String, Object> format) {
        harness = new LakeHarness(hint);
        harness.registry.register(TYPE, SCHEMA);
        Map<String, Object> settings = new HashMap<>(format);
        settings.put("inlet.lake.partitioning.by-type.order-created.source", "occurred_at");
        settings.put("inlet.lake.compaction.enabled", "false");
        settings.put("inlet.lake.compaction.max-files", "1");
        settings.putIfAbsent("inlet.lake.iceberg.catalog-schema", harness.schema.name() + "_iceberg");
        app = harness.start(settings);
        harness.publishValid(TYPE, List.of(order("o-1", "2026-11-24T09:10:00Z"), order("o-2", "2026-11-24T09:59:00Z"),
                order("o-3", "2026-11-24T10:30:00Z"), order("o-4", null)));
        harness.publishErrors(TYPE, List.of(LakeHarness.failedEvent("o-bad", RECEIVED, 1, 1L, "{\"sku\":1}",
                new FrameFailure("schema", "1 violation", List.of(new Violation("/sku", "type", "not a string")),
                        "inlet.events." + TYPE, RECEIVED))));
        awaitRows(5);
    }

    static FramedEvent order(String id, String occurredAt) {
        return LakeHarness.validEvent(id, RECEIVED, 1, "{\"sku\":\"" + id + "\""
                + (occurredAt == null ? "" : ",\"occurred_at\":\"" + occurredAt + "\"") + "}");
    }

    static void awaitRows(long rows) {
        await().atMost(Duration.ofSeconds(60)).until(() -> harness.number(
                "select coalesce(sum(row_count), 0) from lake_file") == rows
                && harness.number("select count(*) from lake_file where published_at is null") == 0);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        harness.close();
    }

    /** The ids readers of the format find in the hour from {@code hour} of {@code occurred_at}. */
    abstract List<String> idsInHour(Instant hour);

    /** The ids readers find in the null partition of {@code occurred_at}. */
    abstract List<String> idsWithoutOccurredAt();

    /** Every id of the data table, one per row. */
    abstract List<String> allIds();

    /** The ids of the error table's partition of the hour from {@code hour} of received-at. */
    abstract List<String> errorIdsInReceivedHour(Instant hour);

    @Test
    void eventsArePartitionedByTheirOccurredAtAndThoseWithoutItByNull() {
        assertThat(idsInHour(NINE)).containsExactlyInAnyOrder("o-1", "o-2");
        assertThat(idsInHour(TEN)).containsExactly("o-3");
        assertThat(idsWithoutOccurredAt()).containsExactly("o-4");
        assertThat(idsInHour(RECEIVED.minusSeconds(300))).isEmpty();
        assertThat(harness.number("select count(*) from lake_file where lake = 'data' and partition_source = "
                + "'occurred_at' and received_from = received_to and received_from = '" + RECEIVED + "'"))
                .isEqualTo(3);
        assertThat(harness.number("select count(*) from lake_file where lake = 'data' and dt is null and hr is null"))
                .isEqualTo(1);
    }

    @Test
    void theErrorLakeStaysPartitionedByReceivedAt() {
        assertThat(errorIdsInReceivedHour(Instant.parse("2026-11-24T12:00:00Z"))).containsExactly("o-bad");
        assertThat(harness.number("select count(*) from lake_file where lake = 'errors' and partition_source is null"
                + " and dt = '2026-11-24' and hr = 12")).isEqualTo(1);
    }

    @Test
    void lineageFindsAnEventOfAnEventTimePartitionByWhenItWasReceived() {
        Map<String, EventLineage> found = app.getBean(LakeLineage.class).find(TYPE, Set.of("o-1", "o-4"),
                Instant.parse("2026-11-24T12:00:00Z"), Instant.parse("2026-11-24T13:00:00Z"));

        assertThat(found.get("o-1").status()).isEqualTo("data-lake");
        assertThat(found.get("o-1").data()).singleElement()
                .satisfies(row -> assertThat(row.partition()).isEqualTo("dt=2026-11-24/hr=09"));
        assertThat(found.get("o-4").data()).singleElement().satisfies(row -> assertThat(row.partition())
                .isEqualTo("dt=__HIVE_DEFAULT_PARTITION__/hr=__HIVE_DEFAULT_PARTITION__"));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void lateEventsAddFilesToAClosedHourWhichCompactionMergesWithoutLosingOrDoublingARow() {
        harness.publishValid(TYPE, List.of(order("late-1", "2026-11-24T09:40:00Z")));
        awaitRows(6);
        harness.publishValid(TYPE, List.of(order("late-2", "2026-11-24T09:41:00Z")));
        awaitRows(7);
        assertThat(nineFiles()).isEqualTo(3);

        assertThat(app.getBean(Compactor.class).runOnce()).isEqualTo(1);
        harness.publishValid(TYPE, List.of(order("late-3", "2026-11-24T09:42:00Z")));
        awaitRows(8);

        assertThat(nineFiles()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(idsInHour(NINE))
                .containsExactlyInAnyOrder("o-1", "o-2", "late-1", "late-2", "late-3"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(allIds()).hasSize(7)
                .doesNotHaveDuplicates());
    }

    private static long nineFiles() {
        return harness.number("select count(*) from lake_file where lake = 'data' and published_at is not null"
                + " and partition_source = 'occurred_at' and dt = '2026-11-24' and hr = 9");
    }
}
