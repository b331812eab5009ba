package io.inlet.lake.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.lake.support.LakeHarness;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Compaction of the Hive-partitioned folders, read back by DuckDB over the table's folder. */
class ParquetCompactionIT extends CompactionContract {

    @BeforeAll
    static void setUp() {
        harness("compact-pq");
    }

    @Override
    Map<String, Object> format() {
        return Map.of("inlet.lake.table-format", "parquet");
    }

    @Test
    void whileAnotherInstanceHoldsTheCompactionLockARunDoesNothing() throws Exception {
        ConfigurableApplicationContext app = start();
        try (Connection other = harness.schema.connect(); Statement statement = other.createStatement()) {
            ingest("compact.lock");
            statement.execute("select pg_advisory_lock(hashtextextended('lake-compaction:' || current_schema(), 0))");

            assertThat(app.getBean(Compactor.class).runOnce()).isZero();
            assertThat(app.getBean(MeterRegistry.class).counter("inlet.lake.compaction.runs.skipped").count())
                    .isEqualTo(1);
            assertThat(files("compact.lock")).isEqualTo(5);

            statement.execute("select pg_advisory_unlock(hashtextextended('lake-compaction:' || current_schema(), 0))");
            assertThat(app.getBean(Compactor.class).runOnce()).isEqualTo(2);
        } finally {
            app.close();
        }
    }

    @Test
    void theErrorFilesOfATypeBeingReplayedAreCompactedOnlyOnceTheReplayEnded() throws Exception {
        String type = "compact.replayed";
        harness.registry.register(type, V1);
        ConfigurableApplicationContext app = start();
        try (Connection other = harness.schema.connect(); Statement statement = other.createStatement()) {
            for (int file = 0; file < 3; file++) {
                List<FramedEvent> failed = new ArrayList<>();
                for (int i = 0; i < PER_FILE; i++) {
                    failed.add(LakeHarness.failedEvent(type + "-" + file + "-" + i, NINE, 1, 1L, "{\"n\":\"x\"}",
                            new FrameFailure(FrameFailure.STAGE_SCHEMA, "1 schema violation",
                                    List.of(new Violation("/n", "type", "not an integer")), "inlet.events.x", NINE)));
                }
                harness.publishErrors(type, failed);
                long files = file + 1;
                await().atMost(Duration.ofSeconds(60)).until(() -> files(type) == files && unpublished(type) == 0);
            }
            // A replay of the type that another instance runs (its lease held): it reads these files by id.
            statement.execute("""
                    insert into lake_replay (id, event_type, selection, rate_per_second, status, last_file_id,
                        files_total, lease_owner, lease_until)
                    values ('r-held', '%s', '{"eventType": "%s"}', 100, 'running',
                        (select max(id) from lake_file), 3, 'another-lake', now() + interval '1 hour')"""
                    .formatted(type, type));

            app.getBean(Compactor.class).runOnce();
            assertThat(files(type)).as("the replayed type's error files stay as they are").isEqualTo(3);
            assertThat(app.getBean(MeterRegistry.class).counter("inlet.lake.compaction.deferred").count())
                    .isPositive();

            statement.execute("update lake_replay set status = 'done' where id = 'r-held'");
            app.getBean(Compactor.class).runOnce();
            assertThat(files(type)).as("compacted once the replay is done").isEqualTo(1);
            assertThat(harness.number("select sum(row_count) from lake_file where event_type = '" + type + "'"))
                    .isEqualTo(3 * PER_FILE);
        } finally {
            app.close();
        }
    }

    @Override
    boolean readersSwitchAtomically() {
        return false;
    }

    @Override
    List<String> idsReadBack(ConfigurableApplicationContext app, String table) {
        return harness.query(harness.lakeBucket, table, "SELECT _inlet_event_id AS id FROM lake").stream()
                .map(r -> (String) r.get("id")).toList();
    }

    @Override
    int filesReadBack(ConfigurableApplicationContext app, String table) {
        return harness.keys(harness.lakeBucket, table + "/").size();
    }
}
