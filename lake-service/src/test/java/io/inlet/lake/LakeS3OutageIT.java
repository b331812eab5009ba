package io.inlet.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.frame.FramedEvent;
import io.inlet.lake.support.LakeHarness;
import io.inlet.lake.support.ToggleableProxy;
import io.inlet.testsupport.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
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

/** S3 goes away for a while: nothing is acked meanwhile, and everything lands once it is back. */
class LakeS3OutageIT {

    private static final String SCHEMA = """
            {"type":"object","required":["n"],"properties":{"n":{"type":"integer"}}}""";

    private static ToggleableProxy proxy;
    private static LakeHarness harness;

    @BeforeAll
    static void setUp() {
        URI s3 = Infrastructure.s3().endpoint();
        proxy = new ToggleableProxy(s3.getHost(), s3.getPort());
        harness = new LakeHarness("lake-outage", URI.create("http://127.0.0.1:" + proxy.port()));
        harness.registry.register("outage.tick", SCHEMA);
    }

    @AfterAll
    static void tearDown() {
        harness.close();
        proxy.close();
    }

    @Test
    void nothingIsAckedWhileS3IsDownAndEverythingLandsWhenItReturns() throws Exception {
        ConfigurableApplicationContext app = harness.start(Map.of("inlet.lake.buffer.max-age", "1s"));
        try {
            MeterRegistry meters = app.getBean(MeterRegistry.class);
            proxy.down();
            for (int frame = 0; frame < 10; frame++) {
                List<FramedEvent> events = new ArrayList<>();
                for (int i = frame * 10; i < frame * 10 + 10; i++) {
                    events.add(LakeHarness.validEvent("o-" + i, Instant.parse("2026-11-24T13:00:00Z"), 1,
                            "{\"n\":" + i + ",\"extra\":{\"k\":" + i + "}}"));
                }
                harness.publishValid("outage.tick", events);
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> meters.counter("inlet.lake.flush.failures").count() >= 3);
            assertThat(harness.consumer(harness.validStream, harness.validDurable()).getAckFloor().getStreamSequence())
                    .isZero();
            assertThat(committedRows()).isZero();

            proxy.up();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(committedRows()).isEqualTo(100);
                var consumer = harness.consumer(harness.validStream, harness.validDurable());
                assertThat(consumer.getNumAckPending()).isZero();
                assertThat(consumer.getNumPending()).isZero();
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> harness.keys(harness.lakeBucket, "_staging/").isEmpty());
            List<Map<String, Object>> rows = harness.query(harness.lakeBucket, "outage.tick",
                    "SELECT count(*) AS c, count(DISTINCT n) AS ns, "
                            + "max(CASE WHEN n = 7 THEN _additional_properties END) AS extra FROM lake");
            assertThat(rows.get(0)).containsEntry("c", 100L).containsEntry("ns", 100L)
                    .containsEntry("extra", "{\"extra\":{\"k\":7}}");
        } finally {
            app.close();
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
