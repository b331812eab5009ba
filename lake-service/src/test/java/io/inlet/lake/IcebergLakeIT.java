package io.inlet.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.lake.support.IcebergReads;
import io.inlet.lake.support.LakeHarness;
import io.inlet.lake.table.iceberg.IcebergTables;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code table-format=iceberg} end to end on real NATS, PostgreSQL (catalog and commit log) and S3: two compatible
 * schema versions evolve one table, an incompatible one gets a new table, errors go to the error namespace; read
 * back by Iceberg's generic reader and by DuckDB over the data files.
 */
class IcebergLakeIT {

    static final String V1 = """
            {"type":"object","additionalProperties":false,"required":["sku","amount"],
             "properties":{"sku":{"type":"string"},"amount":{"type":"integer"},
               "at":{"type":"string","format":"date-time"}}}""";
    /** v1 plus an optional column: compatible, the table evolves. */
    static final String V2 = """
            {"type":"object","additionalProperties":false,"required":["sku","amount"],
             "properties":{"sku":{"type":"string"},"amount":{"type":"integer"},
               "at":{"type":"string","format":"date-time"},"channel":{"type":"string"}}}""";
    /** amount becomes a string: incompatible, a new table. */
    static final String V3 = """
            {"type":"object","additionalProperties":false,"required":["sku"],
             "properties":{"sku":{"type":"string"},"amount":{"type":"string"}}}""";
    private static final Instant NINE = Instant.parse("2026-11-24T09:20:00Z");
    private static final Instant TEN = Instant.parse("2026-11-24T10:05:00Z");

    private static LakeHarness harness;
    private static ConfigurableApplicationContext app;
    private static S3Client s3;
    private static IcebergReads reads;

    @BeforeAll
    static void startLakeAndPublish() {
        harness = new LakeHarness("ice-lake");
        harness.registry.register("shop.sale", V1);
        harness.registry.register("shop.sale", V2);
        harness.registry.register("shop.sale", V3);
        app = harness.start(icebergSettings(harness));
        s3 = harness.s3().client();
        reads = new IcebergReads(app.getBean(JdbcCatalog.class), s3);

        harness.publishValid("shop.sale", List.of(
                sale("s-1", NINE, 1, "{\"sku\":\"a\",\"amount\":5,\"at\":\"2026-11-24T09:00:00Z\"}"),
                sale("s-2", NINE, 1, "{\"sku\":\"b\",\"amount\":15}"),
                sale("s-3", TEN, 1, "{\"sku\":\"c\",\"amount\":25}")));
        harness.publishValid("shop.sale", List.of(
                sale("s-4", NINE, 2, "{\"sku\":\"d\",\"amount\":35,\"channel\":\"web\"}"),
                sale("s-5", TEN, 2, "{\"sku\":\"e\",\"amount\":1,\"channel\":\"app\"}")));
        harness.publishValid("shop.sale", List.of(sale("s-6", TEN, 3, "{\"sku\":\"f\",\"amount\":\"lots\"}")));
        harness.publishErrors("shop.sale", List.of(LakeHarness.failedEvent("s-bad", TEN, 1, 1L,
                "{\"sku\":1}", new FrameFailure("schema", "1 violation",
                        List.of(new Violation("/sku", "type", "integer found, string expected")),
                        "inlet.events.shop.sale", TEN))));

        await().atMost(Duration.ofSeconds(60)).until(() -> harness.number(
                "select coalesce(sum(row_count), 0) from lake_file") == 7
                && harness.number("select count(*) from lake_file where published_at is null") == 0);
    }

    static Map<String, Object> icebergSettings(LakeHarness harness) {
        return Map.of("inlet.lake.table-format", "iceberg",
                "inlet.lake.iceberg.catalog-schema", harness.schema.name() + "_iceberg");
    }

    static io.inlet.contracts.frame.FramedEvent sale(String id, Instant at, int version, String json) {
        return LakeHarness.validEvent(id, at, version, json);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        s3.close();
        harness.close();
    }

    @Test
    void compatibleVersionsShareOneEvolvedTableWhereOldRowsReadNull() {
        Table table = reads.table("inlet", "shop.sale");

        List<Record> rows = reads.rows(table);
        assertThat(rows).extracting(r -> r.getField("_inlet_event_id"))
                .containsExactlyInAnyOrder("s-1", "s-2", "s-3", "s-4", "s-5");
        assertThat(table.schema().findField("channel").type()).isEqualTo(Types.StringType.get());
        assertThat(rows).filteredOn(r -> r.getField("_inlet_event_id").equals("s-1")).singleElement()
                .satisfies(r -> {
                    assertThat(r.getField("channel")).isNull();
                    assertThat(r.getField("amount")).isEqualTo(5L);
                    assertThat(r.getField("_inlet_schema_version")).isEqualTo(1L);
                });
        assertThat(rows).filteredOn(r -> r.getField("_inlet_event_id").equals("s-4")).singleElement()
                .satisfies(r -> assertThat(r.getField("channel")).isEqualTo("web"));
    }

    @Test
    void aFilterOnATypedColumnReadsOnlyMatchingRows() {
        Table table = reads.table("inlet", "shop.sale");

        assertThat(reads.rows(table, Expressions.greaterThan("amount", 10L)))
                .extracting(r -> r.getField("_inlet_event_id")).containsExactlyInAnyOrder("s-2", "s-3", "s-4");
    }

    @Test
    void tablesArePartitionedByTheHourOfReceivedAt() {
        Table table = reads.table("inlet", "shop.sale");

        assertThat(table.spec().fields()).singleElement().satisfies(f -> {
            assertThat(f.transform().toString()).isEqualTo("hour");
            assertThat(table.schema().findColumnName(f.sourceId())).isEqualTo("_inlet_received_at");
        });
        List<Object> hours = new java.util.ArrayList<>();
        try (var tasks = table.newScan().filter(Expressions.equal(
                Expressions.hour("_inlet_received_at"), (int) (NINE.getEpochSecond() / 3600))).planFiles()) {
            for (FileScanTask task : tasks) {
                hours.add(task.file().partition().get(0, Integer.class));
                assertThat(task.file().location()).contains("/data/_inlet_received_at_hour=2026-11-24-09/");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(hours).isNotEmpty().containsOnly((int) (NINE.getEpochSecond() / 3600));
    }

    @Test
    void anIncompatibleVersionGetsATableOfItsOwn() {
        Table table = reads.table("inlet", "shop.sale@v3");

        assertThat(table.schema().findField("amount").type()).isEqualTo(Types.StringType.get());
        assertThat(reads.column(table, "amount")).containsExactly("lots");
    }

    @Test
    void errorsAreATableOfTheErrorNamespace() {
        Table table = reads.table("inlet_errors", "shop.sale");

        assertThat(reads.rows(table)).singleElement().satisfies(r -> {
            assertThat(r.getField("_inlet_event_id")).isEqualTo("s-bad");
            assertThat(r.getField("stage")).isEqualTo("schema");
        });
    }

    @Test
    void everySnapshotNamesTheCommitLogFileItAppended() {
        Table table = reads.table("inlet", "shop.sale");
        List<Long> ids = app.getBean(org.springframework.jdbc.core.JdbcTemplate.class).queryForList(
                "select id from lake_file where table_name = 'shop.sale' and lake = 'data'", Long.class);

        assertThat(ids).isNotEmpty().allSatisfy(id ->
                assertThat(reads.snapshotsAdding(table, id, IcebergTables.FILE_IDS)).isEqualTo(1));
    }

    @Test
    void duckDbReadsTheDataFilesWithTheTablesFieldIds() {
        Table table = reads.table("inlet", "shop.sale");

        assertThat(reads.duckdb(table, "SELECT count(*) AS n, count(channel) AS c FROM lake"))
                .singleElement().satisfies(r -> {
                    assertThat(((Number) r.get("n")).longValue()).isEqualTo(5);
                    assertThat(((Number) r.get("c")).longValue()).isEqualTo(2);
                });
        assertThat(reads.duckdb(table, "SELECT field_id FROM parquet_schema(FILE) WHERE name = 'amount'"))
                .extracting(r -> ((Number) r.get("field_id")).intValue())
                .containsExactly(table.schema().findField("amount").fieldId());
    }
}
