package io.inlet.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.lake.storage.S3Storage;
import io.inlet.lake.support.LakeHarness;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Exactly-once by origin: a frame whose events are in two partitions, redelivered after one of them was committed;
 * a frame published twice; and a commit log that grows by files, not by events.
 */
class LakeOriginIT {

    private static final String SCHEMA = """
            {"type":"object","required":["n"],"properties":{"n":{"type":"integer"}}}""";
    private static final Instant NINE = Instant.parse("2026-12-01T09:30:00Z");
    private static final Instant TEN = Instant.parse("2026-12-01T10:30:00Z");
    /** Uploads of files holding these events fail, the first time. */
    private static final String FAIL_ONCE = "split-b-";
    private static final AtomicInteger FAILED_UPLOADS = new AtomicInteger();

    private static LakeHarness harness;
    private static ConfigurableApplicationContext lake;

    /** Test hook: the first upload of a file with {@value #FAIL_ONCE} events fails as an S3 outage would. */
    @Configuration(proxyBeanMethods = false)
    static class FailOneUpload {

        @Bean
        @Primary
        S3Storage failingOnceStorage(S3Client s3) {
            return new S3Storage(s3, 64L << 20, 16L << 20) {
                @Override
                public void upload(String bucket, String key, Path file) {
                    if (holds(file, FAIL_ONCE) && FAILED_UPLOADS.compareAndSet(0, 1)) {
                        throw SdkClientException.create("test hook: upload of " + key + " fails once");
                    }
                    super.upload(bucket, key, file);
                }
            };
        }

        private static boolean holds(Path parquet, String idPrefix) {
            try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                 Statement statement = duck.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM read_parquet('"
                         + parquet.toString().replace("'", "''") + "') WHERE _inlet_event_id LIKE '" + idPrefix
                         + "%'")) {
                rs.next();
                return rs.getLong(1) > 0;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeAll
    static void setUp() {
        harness = new LakeHarness("lake-origin");
        for (String type : List.of("split.tick", "again.tick", "many.tick")) {
            harness.registry.register(type, SCHEMA);
        }
        lake = harness.start(Map.of("inlet.lake.buffer.max-age", "1s"), FailOneUpload.class);
    }

    @AfterAll
    static void tearDown() {
        if (lake != null) {
            lake.close();
        }
        harness.close();
    }

    @Test
    void aFrameAcrossTwoPartitionsRedeliveredAfterOneWasCommittedGivesNoDuplicateRows() {
        List<FramedEvent> events = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            boolean nine = i % 2 == 0;
            events.add(LakeHarness.validEvent((nine ? "split-a-" : "split-b-") + i, nine ? NINE : TEN, 1,
                    "{\"n\":" + i + "}"));
        }
        harness.publishValid("split.tick", events);

        awaitAllAcked();
        await().atMost(Duration.ofSeconds(60)).until(() -> committedRows("split.tick") == 1_000);
        assertThat(FAILED_UPLOADS).as("the hour-10 file's first upload failed").hasValue(1);
        assertThat(lake.getBean(MeterRegistry.class).counter("inlet.lake.events.duplicates").count())
                .as("the redelivered hour-9 events were recognised as committed")
                .isGreaterThanOrEqualTo(500);
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.keys(harness.lakeBucket, "_staging/").isEmpty());
        List<Map<String, Object>> rows = harness.query(harness.lakeBucket, "split.tick",
                "SELECT count(*) AS rows, count(DISTINCT _inlet_event_id) AS ids, "
                        + "(SELECT count(*) FROM (SELECT _inlet_event_id FROM lake GROUP BY 1 HAVING count(*) > 1)) "
                        + "AS repeated FROM lake");
        assertThat(rows.get(0)).containsEntry("rows", 1_000L).containsEntry("ids", 1_000L)
                .containsEntry("repeated", 0L);
        assertThat(harness.query(harness.lakeBucket, "split.tick",
                "SELECT hr, count(*) AS c FROM lake GROUP BY hr ORDER BY hr"))
                .extracting(r -> r.get("hr") + "=" + r.get("c")).containsExactly("09=500", "10=500");
    }

    @Test
    void theSameEventsDeliveredTwiceUnderOtherInputSequencesGiveOneRowEach() {
        List<FramedEvent> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            events.add(LakeHarness.validEvent("again-" + i, NINE, 1, "{\"n\":" + i + "}"));
        }
        EventFrame frame = harness.publishValid("again.tick", events);
        String subject = harness.validPrefix() + ".again.tick";
        // re-published at once (likely the same buffer), then again after it was committed (the commit log)
        long first = harness.publish(subject, frame).getSeqno();
        long second = harness.publish(subject, frame).getSeqno();
        assertThat(second).isNotEqualTo(first);
        awaitAllAcked();
        await().atMost(Duration.ofSeconds(60)).until(() -> committedRows("again.tick") == 100);
        harness.publish(subject, frame);
        awaitAllAcked();

        assertThat(committedRows("again.tick")).isEqualTo(100);
        List<Map<String, Object>> rows = harness.query(harness.lakeBucket, "again.tick",
                "SELECT count(*) AS rows, count(DISTINCT _inlet_event_id) AS ids FROM lake");
        assertThat(rows.get(0)).containsEntry("rows", 100L).containsEntry("ids", 100L);
    }

    @Test
    void theCommitLogGrowsByFilesNotByEvents() {
        int frames = 30;
        for (int f = 0; f < frames; f++) {
            List<FramedEvent> events = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                events.add(LakeHarness.validEvent("many-" + f + "-" + i, TEN, 1, "{\"n\":" + i + "}"));
            }
            harness.publishValid("many.tick", events);
        }
        awaitAllAcked();
        await().atMost(Duration.ofSeconds(60)).until(() -> committedRows("many.tick") == frames * 20);

        long files = harness.number("select count(*) from lake_file where event_type = 'many.tick'");
        assertThat(files).isLessThan(frames);
        assertThat(harness.number("select count(*) from lake_file_origin where event_type = 'many.tick'"))
                .as("one origin row per file").isEqualTo(files);
        assertThat(harness.number("select count(*) from lake_file_origin o, unnest(o.ranges) "
                + "where event_type = 'many.tick'")).as("consecutive raw messages: one range per file").isEqualTo(files);
        assertThat(harness.number("select count(*) from information_schema.tables where table_name = 'lake_event' "
                + "and table_schema = current_schema()")).as("no row per event any more").isZero();
    }

    private static void awaitAllAcked() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var consumer = harness.consumer(harness.validStream, harness.validDurable());
            assertThat(consumer.getNumPending()).isZero();
            assertThat(consumer.getNumAckPending()).isZero();
        });
    }

    private static long committedRows(String type) {
        return harness.number("select coalesce(sum(row_count), 0) from lake_file where event_type = '" + type + "'");
    }
}
