package io.inlet.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.lake.support.IcebergReads;
import io.inlet.lake.support.LakeHarness;
import io.inlet.lake.table.iceberg.IcebergTables;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Two lake instances share the durable consumers, and every frame is in the input twice (re-published: other input
 * sequences, the same origins), so both instances may buffer and commit the same events at once; the commit
 * log's lock and overlap check let only one of them commit each origin. With Iceberg, both append to one table at
 * once: each event is in it once, and each committed file in exactly one snapshot.
 */
class LakeTwoInstancesIT {

    private static final String SCHEMA = """
            {"type":"object","required":["n"],"properties":{"n":{"type":"integer"}}}""";
    private static final Instant NINE = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-12-01T10:00:00Z");
    private static final int EVENTS = 1_000;

    private static LakeHarness harness;

    @BeforeAll
    static void setUp() {
        harness = new LakeHarness("lake-two");
        harness.registry.register("twice.tick", SCHEMA);
        harness.registry.register("twice.ice", SCHEMA);
    }

    @AfterAll
    static void tearDown() {
        harness.close();
    }

    @Test
    void twoInstancesGivingTheSameOriginsOnceEachEventIsInTheLakeOnce() {
        List<ConfigurableApplicationContext> lakes = twoInstancesCommitEveryFrameTwice("twice.tick", Map.of());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> harness.keys(harness.lakeBucket, "_staging/").isEmpty());
            List<Map<String, Object>> rows = harness.query(harness.lakeBucket, "twice.tick",
                    "SELECT count(*) AS rows, count(DISTINCT _inlet_event_id) AS ids FROM lake");
            assertThat(rows.get(0)).containsEntry("rows", (long) EVENTS).containsEntry("ids", (long) EVENTS);
            assertThat(rows("twice.tick")).isEqualTo(EVENTS);
        } finally {
            lakes.forEach(ConfigurableApplicationContext::close);
        }
    }

    @Test
    void twoInstancesAppendingToOneIcebergTableHoldEachEventOnce() {
        List<ConfigurableApplicationContext> lakes = twoInstancesCommitEveryFrameTwice("twice.ice",
                IcebergLakeIT.icebergSettings(harness));
        try (S3Client s3 = harness.s3().client()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> harness.number(
                    "select count(*) from lake_file where published_at is null and event_type = 'twice.ice'") == 0);
            IcebergReads reads = new IcebergReads(lakes.get(0).getBean(JdbcCatalog.class), s3);
            Table table = reads.table("inlet", "twice.ice");
            assertThat(reads.column(table, "_inlet_event_id")).hasSize(EVENTS).doesNotHaveDuplicates();
            List<Long> files = lakes.get(0).getBean(JdbcTemplate.class).queryForList(
                    "select id from lake_file where event_type = 'twice.ice'", Long.class);
            assertThat(files).allSatisfy(id ->
                    assertThat(reads.snapshotsAdding(table, id, IcebergTables.FILE_IDS)).isEqualTo(1));
            assertThat(reads.duckdb(table, "SELECT count(DISTINCT _inlet_event_id) AS ids FROM lake"))
                    .singleElement().satisfies(r -> assertThat(((Number) r.get("ids")).longValue()).isEqualTo(EVENTS));
        } finally {
            lakes.forEach(ConfigurableApplicationContext::close);
        }
    }

    /**
     * Starts two instances, publishes 40 frames of 25 events (two hourly partitions) twice each and waits until
     * both instances' commits hold every event; returns the running instances.
     */
    private static List<ConfigurableApplicationContext> twoInstancesCommitEveryFrameTwice(String type,
                                                                                         Map<String, Object> more) {
        // small fetches, so both instances get part of every batch
        Map<String, Object> settings = new HashMap<>(more);
        settings.put("spring.cloud.stream.nats.default.consumer.fetch-size", "2");
        settings.put("inlet.lake.buffer.max-age", "1s");
        ConfigurableApplicationContext one = harness.start(settings);
        ConfigurableApplicationContext two = harness.start(settings);
        String subject = harness.validPrefix() + "." + type;
        for (int f = 0; f < 40; f++) {
            List<FramedEvent> events = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                events.add(LakeHarness.validEvent(type + "-" + f + "-" + i, i % 2 == 0 ? NINE : TEN, 1,
                        "{\"n\":" + (f * 25 + i) + "}"));
            }
            EventFrame frame = harness.publishValid(type, events);
            harness.publish(subject, frame);
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            var consumer = harness.consumer(harness.validStream, harness.validDurable());
            assertThat(consumer.getNumPending()).isZero();
            assertThat(consumer.getNumAckPending()).isZero();
        });
        assertThat(committed(one) + committed(two)).as("events committed by both instances").isEqualTo(EVENTS);
        assertThat(committed(one)).as("both instances took part").isPositive();
        assertThat(committed(two)).as("both instances took part").isPositive();
        assertThat(rows(type)).isEqualTo(EVENTS);
        return List.of(one, two);
    }

    private static long rows(String type) {
        return harness.number("select coalesce(sum(row_count), 0) from lake_file where event_type = '" + type + "'");
    }

    private static double committed(ConfigurableApplicationContext lake) {
        return lake.getBean(MeterRegistry.class).counter("inlet.lake.events.committed").count();
    }
}
