package io.inlet.lake.table.iceberg;

import io.inlet.lake.buffer.Lake;
import io.inlet.lake.config.LakeProperties;
import io.inlet.lake.support.IcebergReads;
import io.inlet.lake.table.TableFormat;
import io.inlet.lake.table.TableFormatContract;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.IsolatedSchema;
import java.util.List;
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
    }

    @AfterAll
    static void close() throws Exception {
        catalog.close();
    }

    @Override
    protected TableFormat format() {
        return tables;
    }

    @Override
    protected List<String> idsReadBack(Lake lake, String table) {
        IcebergReads reads = new IcebergReads(catalog, client());
        return reads.column(reads.table(lake == Lake.DATA ? "inlet" : "inlet_errors", table), "_inlet_event_id").stream().map(String.class::cast).toList();
    }
}
