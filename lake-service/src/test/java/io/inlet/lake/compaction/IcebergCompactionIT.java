package io.inlet.lake.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.lake.support.IcebergReads;
import io.inlet.lake.table.iceberg.IcebergTables;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Compaction of Iceberg tables (a rewrite commit), read back by Iceberg's generic reader after two schema versions
 * and a compaction, and by DuckDB over the current snapshot's data files.
 */
class IcebergCompactionIT extends CompactionContract {

    private static S3Client s3;

    @BeforeAll
    static void setUp() {
        harness("compact-ice");
        s3 = harness.s3().client();
    }

    @AfterAll
    static void closeClient() {
        s3.close();
    }

    @Override
    Map<String, Object> format() {
        // Every compaction run expires all history but the current snapshot (unless a file is still unpublished).
        return Map.of("inlet.lake.table-format", "iceberg",
                "inlet.lake.iceberg.catalog-schema", harness.schema.name() + "_iceberg",
                "inlet.lake.iceberg.snapshot-retention", "0s");
    }

    @Override
    boolean readersSwitchAtomically() {
        return true;
    }

    private static IcebergReads reads(ConfigurableApplicationContext app) {
        return new IcebergReads(app.getBean(JdbcCatalog.class), s3);
    }

    @Override
    List<String> idsReadBack(ConfigurableApplicationContext app, String table) {
        return reads(app).column(reads(app).table("inlet", table), "_inlet_event_id").stream()
                .map(String.class::cast).toList();
    }

    @Override
    int filesReadBack(ConfigurableApplicationContext app, String table) {
        return reads(app).currentDataFiles(reads(app).table("inlet", table)).size();
    }

    @Test
    void afterTwoVersionsAndACompactionReadersFilterTypedColumnsAndSeeTheRewrite() {
        ConfigurableApplicationContext app = start();
        try {
            ingest("compact.read");
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        try {
            assertThat(app.getBean(Compactor.class).runOnce()).isEqualTo(2);
            IcebergReads reads = reads(app);
            Table table = reads.table("inlet", "compact.read");

            assertThat(reads.rows(table, Expressions.lessThan("n", 5L)))
                    .extracting(r -> r.getField("_inlet_event_id"))
                    .containsExactlyInAnyOrder("compact.read-0", "compact.read-1", "compact.read-2",
                            "compact.read-3", "compact.read-4");
            // v1 rows read null in v2's column; v2 rows have it.
            assertThat(reads.rows(table, Expressions.isNull("extra"))).hasSize(2 * PER_FILE);
            assertThat(table.currentSnapshot().operation()).isEqualTo("replace");
            // The run expired the older snapshots (the replaced files go once the rewrite's own snapshot expires).
            table.refresh();
            assertThat(table.snapshots()).hasSize(1);
            assertThat(table.currentSnapshot().summary()).containsKey(IcebergTables.REPLACED_FILE_IDS);
            assertThat(reads.duckdb(table, "SELECT count(*) AS n, count(DISTINCT _inlet_event_id) AS ids, "
                    + "count(extra) AS extras FROM lake")).singleElement().satisfies(r -> {
                        assertThat(((Number) r.get("n")).longValue()).isEqualTo(5 * PER_FILE);
                        assertThat(((Number) r.get("ids")).longValue()).isEqualTo(5 * PER_FILE);
                        assertThat(((Number) r.get("extras")).longValue()).isEqualTo(3 * PER_FILE);
                    });
        } finally {
            app.close();
        }
    }
}
