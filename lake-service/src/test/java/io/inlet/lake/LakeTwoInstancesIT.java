package io.inlet.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.lake.support.LakeHarness;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two lake instances share the durable consumers, and every frame is in the input twice (re-published: other input
 * sequences, the same origins), so both instances may buffer and commit the same events at once; the commit
 * log's lock and overlap check let only one of them commit each origin.
 */
class LakeTwoInstancesIT {

    private static final String SCHEMA = """
            {"type":"object","required":["n"],"properties":{"n":{"type":"integer"}}}""";
    private static final Instant NINE = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-12-01T10:00:00Z");

    private static LakeHarness harness;

    @BeforeAll
    static void setUp() {
        harness = new LakeHarness("lake-two");
        harness.registry.register("twice.tick", SCHEMA);
    }

    @AfterAll
    static void tearDown() {
        harness.close();
    }

    @Test
    void twoInstancesGivingTheSameOriginsOnceEachEventIsInTheLakeOnce() {
        // small fetches, so both instances get part of every batch
        Map<String, Object> settings = Map.of("spring.cloud.stream.nats.default.consumer.fetch-size", "2",
                "inlet.lake.buffer.max-age", "1s");
        ConfigurableApplicationContext one = harness.start(settings);
        ConfigurableApplicationContext two = harness.start(settings);
        try {
            String subject = harness.validPrefix() + ".twice.tick";
            int frames = 40;
            for (int f = 0; f < frames; f++) {
                List<FramedEvent> events = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    events.add(LakeHarness.validEvent("twice-" + f + "-" + i, i % 2 == 0 ? NINE : TEN, 1,
                            "{\"n\":" + (f * 25 + i) + "}"));
                }
                EventFrame frame = harness.publishValid("twice.tick", events);
                harness.publish(subject, frame);
            }
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                var consumer = harness.consumer(harness.validStream, harness.validDurable());
                assertThat(consumer.getNumPending()).isZero();
                assertThat(consumer.getNumAckPending()).isZero();
            });
            assertThat(committed(one) + committed(two)).as("events committed by both instances").isEqualTo(1_000);
            assertThat(committed(one)).as("both instances took part").isPositive();
            assertThat(committed(two)).as("both instances took part").isPositive();
            await().atMost(Duration.ofSeconds(30)).until(() -> harness.keys(harness.lakeBucket, "_staging/").isEmpty());
            List<Map<String, Object>> rows = harness.query(harness.lakeBucket, "twice.tick",
                    "SELECT count(*) AS rows, count(DISTINCT _inlet_event_id) AS ids FROM lake");
            assertThat(rows.get(0)).containsEntry("rows", 1_000L).containsEntry("ids", 1_000L);
            assertThat(harness.number("select coalesce(sum(row_count), 0) from lake_file")).isEqualTo(1_000);
        } finally {
            one.close();
            two.close();
        }
    }

    private static double committed(ConfigurableApplicationContext lake) {
        return lake.getBean(MeterRegistry.class).counter("inlet.lake.events.committed").count();
    }
}
