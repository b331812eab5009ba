package io.inlet.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.frame.FramedEvent;
import io.inlet.lake.buffer.BufferManager;
import io.inlet.lake.support.LakeHarness;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.Statement;
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
 * The lake dies after its files are committed but before any ack reached JetStream; a new instance gets every
 * frame again and must not write any event twice (each frame's events are in two hourly partitions).
 */
class LakeCrashIT {

    private static final String SCHEMA = """
            {"type":"object","additionalProperties":false,"required":["n"],
             "properties":{"n":{"type":"integer"},"at":{"type":"string","format":"date-time"}}}""";
    private static final Instant HOUR_A = Instant.parse("2026-11-24T11:10:00Z");
    private static final Instant HOUR_B = Instant.parse("2026-11-24T12:10:00Z");
    private static final int FRAME = 10;

    private static LakeHarness harness;

    @BeforeAll
    static void setUp() {
        harness = new LakeHarness("lake-crash");
        harness.registry.register("crash.tick", SCHEMA);
    }

    @AfterAll
    static void tearDown() {
        harness.close();
    }

    @Test
    void aCrashBetweenCommitAndAckLeavesEveryEventInTheLakeExactlyOnce() throws Exception {
        // No flush on shutdown: the first instance's stop must look like a crash.
        ConfigurableApplicationContext first = harness.start(Map.of("inlet.lake.buffer.max-age", "4s",
                "inlet.lake.buffer.flush-on-shutdown", "false"));
        publish(0, 200);
        // Everything is delivered and buffered, nothing acked: acks wait for the commit (of both partitions each
        // frame spans).
        await().atMost(Duration.ofSeconds(30)).until(() -> first.getBean(BufferManager.class).openEvents() == 200);
        assertThat(harness.consumer(harness.validStream, harness.validDurable()).getNumAckPending())
                .isEqualTo(200 / FRAME);
        assertThat(harness.consumer(harness.validStream, harness.validDurable()).getAckFloor().getStreamSequence())
                .isZero();
        // Cut the instance off NATS before its buffers age out: files get committed, acks cannot be sent.
        LakeHarness.binderConnection(first).close();
        await().atMost(Duration.ofSeconds(30)).until(() -> committedRows() == 200);
        first.close();
        assertThat(harness.consumer(harness.validStream, harness.validDurable()).getAckFloor().getStreamSequence())
                .isZero();

        ConfigurableApplicationContext second = harness.start(Map.of());
        try {
            publish(200, 250);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                var consumer = harness.consumer(harness.validStream, harness.validDurable());
                assertThat(consumer.getNumAckPending()).isZero();
                assertThat(consumer.getNumPending()).isZero();
                assertThat(committedRows()).isEqualTo(250);
            });
            assertThat(second.getBean(MeterRegistry.class).counter("inlet.lake.events.duplicates").count())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> harness.keys(harness.lakeBucket, "_staging/").isEmpty());
            List<Map<String, Object>> counts = harness.query(harness.lakeBucket, "crash.tick",
                    "SELECT count(*) AS rows, count(DISTINCT _inlet_event_id) AS ids, count(DISTINCT n) AS ns, "
                            + "min(n) AS lo, max(n) AS hi FROM lake");
            assertThat(counts.get(0)).containsEntry("rows", 250L).containsEntry("ids", 250L)
                    .containsEntry("ns", 250L).containsEntry("lo", 0L).containsEntry("hi", 249L);
            assertThat(harness.query(harness.lakeBucket, "crash.tick",
                    "SELECT hr, count(*) AS c FROM lake GROUP BY hr ORDER BY hr"))
                    .extracting(r -> r.get("hr") + "=" + r.get("c")).containsExactly("11=125", "12=125");
        } finally {
            second.close();
        }
    }

    /** Frames of {@value #FRAME} events, each across both hours. */
    private static void publish(int from, int to) {
        for (int start = from; start < to; start += FRAME) {
            List<FramedEvent> events = new ArrayList<>();
            for (int i = start; i < Math.min(to, start + FRAME); i++) {
                Instant at = i % 2 == 0 ? HOUR_A : HOUR_B;
                events.add(LakeHarness.validEvent("tick-" + i, at, 1, "{\"n\":" + i + ",\"at\":\"" + at + "\"}"));
            }
            harness.publishValid("crash.tick", events);
        }
    }

    private static long committedRows() throws Exception {
        try (java.sql.Connection connection = harness.schema.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select coalesce(sum(row_count), 0) from lake_file")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
