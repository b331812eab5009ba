package io.inlet.lake.compaction;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
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
