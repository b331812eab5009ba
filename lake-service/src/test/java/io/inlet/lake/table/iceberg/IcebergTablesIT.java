package io.inlet.lake.table.iceberg;

import io.inlet.lake.buffer.Lake;
import io.inlet.lake.config.LakeProperties;
import io.inlet.lake.support.IcebergReads;
import io.inlet.lake.table.TableFormat;
import io.inlet.lake.table.TableFormatContract;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.IsolatedSchema;
import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.lake.commit.CommittedFile;
import io.inlet.lake.partition.Partition;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** The table-format contract for Iceberg tables (JDBC catalog on PostgreSQL, S3FileIO), read by Iceberg's reader. */
class IcebergTablesIT extends TableFormatContract {

    private static JdbcCatalog catalog;
    private static IcebergTables tables;
    private static IcebergTables byOccurredAt;

    @BeforeAll
    static void catalog() {
        IsolatedSchema schema = Infrastructure.postgres().createSchema("fmt-iceberg");
        LakeProperties.Iceberg settings = new LakeProperties.Iceberg("inlet", null, null, null,
                schema.name() + "_iceberg", "inlet", "inlet_errors", LakeProperties.Iceberg.PartitionBy.HOUR,
                java.time.Duration.ofHours(12));
        catalog = IcebergCatalogs.open(settings, schema.jdbcUrl(), schema.username(), schema.password(), bucket(),
                client());
        DriverManagerDataSource dataSource = new DriverManagerDataSource(schema.jdbcUrl(), schema.username(),
                schema.password());
        tables = new IcebergTables(catalog, settings, lake -> bucket(), new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        byOccurredAt = new IcebergTables(catalog, settings, lake -> bucket(), type -> "occurred_at",
                new JdbcTemplate(dataSource), new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    @AfterAll
    static void close() throws Exception {
        catalog.close();
    }

    @Test
    void aChangedSourceEvolvesTheSpecAndFilesOfTheEarlierSpecAreStillReadAndCompactedInIt() throws Exception {
        String table = table("evolve");
        Partition receivedNoon = Partition.of(java.time.Instant.parse("2026-11-24T12:10:00Z"));
        CommittedFile r1 = writeAndUpload(tables, table, ORDERS, receivedNoon, Map.of("r1", "2026-11-24T09:10:00Z"));
        CommittedFile r2 = writeAndUpload(tables, table, ORDERS, receivedNoon, Map.of("r2", "2026-11-24T09:20:00Z"));
        tables.register(r1);
        tables.register(r2);

        CommittedFile e1 = writeAndUpload(byOccurredAt, table, ORDERS, Partition.of(OCCURRED_AT, NINE_AM),
                Map.of("e1", "2026-11-24T09:30:00Z"));
        byOccurredAt.register(e1);

        IcebergReads reads = new IcebergReads(catalog, client());
        Table evolved = reads.table("inlet", table);
        assertThat(evolved.specs()).hasSize(2);
        assertThat(evolved.spec().fields()).singleElement().satisfies(f -> {
            assertThat(evolved.schema().findColumnName(f.sourceId())).isEqualTo(OCCURRED_AT);
            assertThat(f.transform().toString()).isEqualTo("hour");
        });
        assertThat(idsInHour(table, OCCURRED_AT, NINE_AM)).containsExactlyInAnyOrder("r1", "r2", "e1");

        // A compaction of the two received-at files after the change: the merged file stays in their spec.
        CommittedFile merged = writeAndUpload(byOccurredAt, table, ORDERS, receivedNoon,
                Map.of("r1", "2026-11-24T09:10:00Z", "r2", "2026-11-24T09:20:00Z"));
        byOccurredAt.replace(List.of(r1, r2), merged);

        assertThat(idsReadBack(Lake.DATA, table)).containsExactlyInAnyOrder("r1", "r2", "e1");
        int earlierSpec = evolved.specs().keySet().stream().mapToInt(Integer::intValue).min().orElseThrow();
        assertThat(specIds(reads.table("inlet", table))).containsExactlyInAnyOrder(earlierSpec,
                reads.table("inlet", table).spec().specId());
    }

    @Test
    void theNullPartitionIsANullPartitionValue() throws Exception {
        String table = table("null-value");
        byOccurredAt.register(writeAndUpload(byOccurredAt, table, ORDERS, Partition.nullOf(OCCURRED_AT),
                Map.of("n1", "")));

        Table t = new IcebergReads(catalog, client()).table("inlet", table);
        try (var tasks = t.newScan().planFiles()) {
            assertThat(tasks).singleElement().satisfies(task -> {
                assertThat(task.file().partition().size()).isEqualTo(1);
                assertThat(task.file().partition().get(0, Integer.class)).isNull();
            });
        }
    }

    private static List<Integer> specIds(Table table) {
        List<Integer> ids = new java.util.ArrayList<>();
        try (var tasks = table.newScan().planFiles()) {
            tasks.forEach(task -> ids.add(task.file().specId()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ids;
    }

    @Override
    protected TableFormat format() {
        return tables;
    }

    @Override
    protected TableFormat formatPartitionedBy(String source) {
        return byOccurredAt;
    }

    /** Iceberg's generic reader with a filter on the source column: the partition spec prunes the other files. */
    @Override
    protected List<String> idsInHour(String table, String source, java.time.Instant hourStart) {
        long micros = hourStart.getEpochSecond() * 1_000_000L;
        return ids(table, Expressions.and(Expressions.greaterThanOrEqual(source, micros),
                Expressions.lessThan(source, micros + 3_600_000_000L)));
    }

    @Override
    protected List<String> idsInNullPartition(String table, String source) {
        return ids(table, Expressions.isNull(source));
    }

    private List<String> ids(String table, Expression filter) {
        IcebergReads reads = new IcebergReads(catalog, client());
        return reads.rows(reads.table("inlet", table), filter).stream()
                .map(r -> (String) r.getField("_inlet_event_id")).toList();
    }

    @Override
    protected List<String> idsReadBack(Lake lake, String table) {
        IcebergReads reads = new IcebergReads(catalog, client());
        return reads.column(reads.table(lake == Lake.DATA ? "inlet" : "inlet_errors", table), "_inlet_event_id").stream().map(String.class::cast).toList();
    }
}
