package io.inlet.lake.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
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
