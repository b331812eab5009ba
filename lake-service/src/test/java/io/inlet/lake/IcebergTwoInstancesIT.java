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
 * Two lake instances commit to the same Iceberg table at once, every frame in the input twice: each event is in
 * the table once, and each committed file in exactly one snapshot.
 */
class IcebergTwoInstancesIT {

    private static final String SCHEMA = """
            {"type":"object","required":["n"],"properties":{"n":{"type":"integer"}}}""";
    private static final Instant NINE = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-12-01T10:00:00Z");

    private static LakeHarness harness;

    @BeforeAll
    static void setUp() {
        harness = new LakeHarness("ice-two");
        harness.registry.register("twice.ice", SCHEMA);
    }

    @AfterAll
    static void tearDown() {
        harness.close();
    }

    @Test
    void twoInstancesAppendingToOneTableHoldEachEventOnce() {
        Map<String, Object> settings = new HashMap<>(IcebergLakeIT.icebergSettings(harness));
        settings.put("spring.cloud.stream.nats.default.consumer.fetch-size", "2");
        settings.put("inlet.lake.buffer.max-age", "1s");
        ConfigurableApplicationContext one = harness.start(settings);
        ConfigurableApplicationContext two = harness.start(settings);
        try (S3Client s3 = harness.s3().client()) {
            String subject = harness.validPrefix() + ".twice.ice";
            for (int f = 0; f < 40; f++) {
                List<FramedEvent> events = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    events.add(LakeHarness.validEvent("ice-" + f + "-" + i, i % 2 == 0 ? NINE : TEN, 1,
                            "{\"n\":" + (f * 25 + i) + "}"));
                }
                EventFrame frame = harness.publishValid("twice.ice", events);
                harness.publish(subject, frame);
            }
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    harness.number("select coalesce(sum(row_count), 0) from lake_file") == 1_000
                            && harness.number("select count(*) from lake_file where published_at is null") == 0);
            assertThat(committed(one)).as("both instances took part").isPositive();
            assertThat(committed(two)).as("both instances took part").isPositive();

            IcebergReads reads = new IcebergReads(one.getBean(JdbcCatalog.class), s3);
            Table table = reads.table("inlet", "twice.ice");
            assertThat(reads.column(table, "_inlet_event_id")).hasSize(1_000).doesNotHaveDuplicates();
            List<Long> files = one.getBean(JdbcTemplate.class).queryForList("select id from lake_file", Long.class);
            assertThat(files).allSatisfy(id ->
                    assertThat(reads.snapshotsAdding(table, id, IcebergTables.FILE_IDS)).isEqualTo(1));
            assertThat(reads.duckdb(table, "SELECT count(DISTINCT _inlet_event_id) AS ids FROM lake"))
                    .singleElement().satisfies(r -> assertThat(((Number) r.get("ids")).longValue()).isEqualTo(1_000));
        } finally {
            one.close();
            two.close();
        }
    }

    private static double committed(ConfigurableApplicationContext lake) {
        return lake.getBean(MeterRegistry.class).counter("inlet.lake.events.committed").count();
    }
}
