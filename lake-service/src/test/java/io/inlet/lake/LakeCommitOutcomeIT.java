package io.inlet.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.frame.FramedEvent;
import io.inlet.lake.support.LakeHarness;
import io.inlet.lake.support.ToggleableProxy;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The lake's connection to PostgreSQL dies at the commit point, through a proxy that cuts it there: once at
 * PostgreSQL's answer to the {@code COMMIT} (the commit happened, the lake never heard), once at the commit's
 * insert (nothing was committed). Either way every event is in the lake exactly once and no staging object is left.
 */
class LakeCommitOutcomeIT {

    /** PostgreSQL's answer to a COMMIT it completed: CommandComplete ('C', length 11) with the tag "COMMIT". */
    private static final String COMMITTED = "C\0\0\0\u000bCOMMIT\0";
    /** The lake's commit-log insert, the first statement of its commit transaction after the lock. */
    private static final String FILE_INSERT = "insert into lake_file";
    private static final String SCHEMA = """
            {"type":"object","required":["n"],"properties":{"n":{"type":"integer"}}}""";

    private static ToggleableProxy postgres;
    private static LakeHarness harness;
    private static ConfigurableApplicationContext lake;

    @BeforeAll
    static void setUp() {
        harness = new LakeHarness("lake-outcome");
        URI jdbc = URI.create(harness.schema.jdbcUrl().substring("jdbc:".length()));
        postgres = new ToggleableProxy(jdbc.getHost(), jdbc.getPort());
        harness.registry.register("outcome.known", SCHEMA);
        harness.registry.register("outcome.lost", SCHEMA);
        // Statement texts on the wire every time (no server-side prepared statements), so the cut can find them.
        String viaProxy = harness.schema.jdbcUrl().replace(jdbc.getHost() + ":" + jdbc.getPort(),
                "127.0.0.1:" + postgres.port()) + "&prepareThreshold=0";
        lake = harness.start(Map.of("spring.datasource.url", viaProxy, "inlet.lake.buffer.max-age", "1s"));
    }

    @AfterAll
    static void tearDown() {
        if (lake != null) {
            lake.close();
        }
        harness.close();
        postgres.close();
    }

    @Test
    void aCommitThatPostgresCompletedButWhoseAnswerWasLostIsPublishedNotDeleted() throws Exception {
        CountDownLatch cut = postgres.cutAtNextAnswer(COMMITTED);
        publish("outcome.lost", 100);
        assertThat(cut.await(30, TimeUnit.SECONDS)).as("the commit's connection was cut").isTrue();

        awaitEveryEventOnce("outcome.lost", 100);
        assertThat(lake.getBean(MeterRegistry.class).counter("inlet.lake.commits.unknown").count())
                .as("the lost answer was noticed and resolved").isGreaterThanOrEqualTo(1);
    }

    @Test
    void aCommitThatNeverHappenedIsWrittenAgainFromTheRedeliveries() throws Exception {
        CountDownLatch cut = postgres.cutAtNextRequest(FILE_INSERT);
        publish("outcome.known", 100);
        assertThat(cut.await(30, TimeUnit.SECONDS)).as("the commit's connection was cut").isTrue();

        awaitEveryEventOnce("outcome.known", 100);
    }

    private static void awaitEveryEventOnce(String type, int events) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(committedRows(type)).isEqualTo(events);
            var consumer = harness.consumer(harness.validStream, harness.validDurable());
            assertThat(consumer.getNumAckPending()).isZero();
            assertThat(consumer.getNumPending()).isZero();
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.keys(harness.lakeBucket, "_staging/").isEmpty());
        List<Map<String, Object>> counts = harness.query(harness.lakeBucket, type,
                "SELECT count(*) AS rows, count(DISTINCT _inlet_event_id) AS ids FROM lake");
        assertThat(counts.get(0)).as("rows in the lake's files").containsEntry("rows", (long) events)
                .containsEntry("ids", (long) events);
    }

    /** Frames of ten events. */
    private static void publish(String type, int events) {
        Instant at = Instant.parse("2026-11-30T10:00:00Z");
        for (int start = 0; start < events; start += 10) {
            List<FramedEvent> frame = new ArrayList<>();
            for (int i = start; i < Math.min(events, start + 10); i++) {
                frame.add(LakeHarness.validEvent(type + "-" + i, at, 1, "{\"n\":" + i + "}"));
            }
            harness.publishValid(type, frame);
        }
    }

    private static long committedRows(String type) throws Exception {
        try (java.sql.Connection connection = harness.schema.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select coalesce(sum(row_count), 0) from lake_file where event_type = '"
                     + type + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
