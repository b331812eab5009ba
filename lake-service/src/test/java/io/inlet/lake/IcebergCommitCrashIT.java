package io.inlet.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.frame.FramedEvent;
import io.inlet.lake.support.DyingTableFormat;
import io.inlet.lake.support.DyingTableFormat.Crash;
import io.inlet.lake.support.IcebergReads;
import io.inlet.lake.support.LakeHarness;
import io.inlet.lake.table.iceberg.IcebergTables;
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
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A lake instance dies between the commit log and the Iceberg commit, or between the Iceberg commit and the
 * commit log's "published" mark; the next instance reconciles at start-up from the snapshot summaries. Either way
 * every event is in its Iceberg table exactly once.
 */
class IcebergCommitCrashIT {

    private static final String SCHEMA = """
            {"type":"object","additionalProperties":false,"required":["n"],"properties":{"n":{"type":"integer"}}}""";
    private static final Instant HOUR = Instant.parse("2026-11-24T11:10:00Z");
    private static final int EVENTS = 60;

    private static LakeHarness harness;

    @BeforeAll
    static void setUp() {
        harness = new LakeHarness("ice-crash");
        harness.registry.register("crash.before", SCHEMA);
        harness.registry.register("crash.after", SCHEMA);
    }

    @AfterAll
    static void tearDown() {
        harness.close();
    }

    @Test
    void aFileCommittedButNeverAppendedIsAppendedOnceAtTheNextStart() {
        String type = "crash.before";
        List<Long> files = crashThenRestart(type, Crash.BEFORE_REGISTER, table -> {
            // Before the restart: the commit log holds the events, the table none of them.
            assertThat(table.currentSnapshot()).isNull();
        });

        assertExactlyOnce(type, files);
    }

    @Test
    void aFileAppendedButNotMarkedPublishedIsNotAppendedAgain() {
        String type = "crash.after";
        List<Long> files = crashThenRestart(type, Crash.AFTER_REGISTER, table ->
                assertThat(table.currentSnapshot()).isNotNull());

        assertExactlyOnce(type, files);
    }

    /** Runs the first instance until its files are committed and its register died, then a second one. */
    private List<Long> crashThenRestart(String type, Crash crash, java.util.function.Consumer<Table> betweenRuns) {
        DyingTableFormat.CRASHES.put(type, crash);
        Map<String, Object> settings = new HashMap<>(IcebergLakeIT.icebergSettings(harness));
        // Only the start-up run of the janitor: what the first instance leaves stays until the next start.
        settings.put("inlet.lake.commit.janitor-interval", "1h");
        settings.put("inlet.lake.commit.publish-grace", "0s");
        ConfigurableApplicationContext first = harness.start(settings, DyingTableFormat.class);
        List<FramedEvent> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(LakeHarness.validEvent(type + "-" + i, HOUR, 1, "{\"n\":" + i + "}"));
            if (events.size() == 10) {
                harness.publishValid(type, events);
                events = new ArrayList<>();
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> harness.number(
                "select coalesce(sum(row_count), 0) from lake_file where event_type = '" + type + "'") == EVENTS);
        // Committed events are acked even though their files are not yet published.
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.consumer(harness.validStream,
                harness.validDurable()).getNumAckPending() == 0);
        assertThat(harness.number("select count(*) from lake_file where published_at is null and event_type = '"
                + type + "'")).isPositive();
        IcebergReads reads = new IcebergReads(first.getBean(JdbcCatalog.class), null);
        betweenRuns.accept(reads.table("inlet", type));
        first.close();
        DyingTableFormat.CRASHES.remove(type);

        ConfigurableApplicationContext second = harness.start(settings);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> harness.number(
                    "select count(*) from lake_file where published_at is null and event_type = '" + type + "'") == 0);
        } finally {
            second.close();
        }
        return fileIds(type);
    }

    private static List<Long> fileIds(String type) {
        List<Long> ids = new ArrayList<>();
        try (java.sql.Connection c = harness.schema.connect(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("select id from lake_file where event_type = '" + type + "'")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private void assertExactlyOnce(String type, List<Long> files) {
        ConfigurableApplicationContext reader = harness.start(IcebergLakeIT.icebergSettings(harness));
        try (S3Client s3 = harness.s3().client()) {
            IcebergReads reads = new IcebergReads(reader.getBean(JdbcCatalog.class), s3);
            Table table = reads.table("inlet", type);
            List<Object> ids = reads.column(table, "_inlet_event_id");
            assertThat(ids).hasSize(EVENTS).doesNotHaveDuplicates();
            assertThat(files).isNotEmpty().allSatisfy(id ->
                    assertThat(reads.snapshotsAdding(table, id, IcebergTables.FILE_IDS)).isEqualTo(1));
        } finally {
            reader.close();
        }
    }
}
