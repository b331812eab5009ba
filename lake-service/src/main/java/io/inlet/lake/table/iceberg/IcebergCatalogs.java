package io.inlet.lake.table.iceberg;

import io.inlet.lake.config.LakeProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.util.SerializableSupplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The lake's Iceberg catalog: a {@link JdbcCatalog} whose tables live in their own schema of PostgreSQL (the lake's
 * database unless {@code inlet.lake.iceberg.catalog-uri} names another), reading and writing files with
 * {@link S3FileIO} on the lake's own S3 client (endpoint, path style, checksums and credentials as the lake's).
 */
public final class IcebergCatalogs {

    private IcebergCatalogs() {
    }

    /**
     * @param jdbcUrl  the catalog's database
     * @param user     its user (may be null)
     * @param password its password (may be null; never logged)
     */
    public static JdbcCatalog open(LakeProperties.Iceberg iceberg, String jdbcUrl, String user, String password,
                                   String warehouseBucket, S3Client s3) {
        String schema = iceberg.catalogSchema();
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("inlet.lake.iceberg.catalog-schema must be a plain lower-case SQL name, "
                    + "was '" + schema + "'");
        }
        createCatalogTables(jdbcUrl, user, password, schema);
        Map<String, String> properties = new HashMap<>();
        properties.put(CatalogProperties.URI, withSchema(jdbcUrl, schema));
        properties.put(CatalogProperties.WAREHOUSE_LOCATION, "s3://" + warehouseBucket);
        if (user != null) {
            properties.put(JdbcCatalog.PROPERTY_PREFIX + "user", user);
        }
        if (password != null) {
            properties.put(JdbcCatalog.PROPERTY_PREFIX + "password", password);
        }
        properties.put(JdbcCatalog.PROPERTY_PREFIX + "schema-version", "V1");
        SerializableSupplier<S3Client> client = () -> s3;
        JdbcCatalog catalog = new JdbcCatalog(props -> {
            S3FileIO io = new S3FileIO(client);
            io.initialize(Map.of());
            return io;
        }, null, false);
        catalog.initialize(iceberg.catalogName(), properties);
        return catalog;
    }

    /** The URL with {@code currentSchema} set to the catalog's schema (replacing the lake's, if it names one). */
    static String withSchema(String jdbcUrl, String schema) {
        if (jdbcUrl.matches(".*[?&]currentSchema=.*")) {
            return jdbcUrl.replaceAll("([?&])currentSchema=[^&]*", "$1currentSchema=" + schema);
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /**
     * The catalog's schema and tables (JdbcCatalog's own layout, schema version V1). Created here rather than by
     * JdbcCatalog, whose existence check looks for {@code iceberg_tables} in any schema of the database and so skips
     * creating them when another catalog's schema has them.
     */
    private static void createCatalogTables(String jdbcUrl, String user, String password, String schema) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement()) {
            // One instance at a time: concurrent "if not exists" DDL can still collide in the system catalogs.
            statement.execute("select pg_advisory_lock(hashtextextended('lake-iceberg-catalog:" + schema + "', 0))");
            try {
                statement.execute("create schema if not exists " + schema);
                statement.execute("create table if not exists " + schema + ".iceberg_tables ("
                        + "catalog_name varchar(255) not null, table_namespace varchar(255) not null, "
                        + "table_name varchar(255) not null, metadata_location varchar(1000), "
                        + "previous_metadata_location varchar(1000), iceberg_type varchar(5), "
                        + "primary key (catalog_name, table_namespace, table_name))");
                statement.execute("create table if not exists " + schema + ".iceberg_namespace_properties ("
                        + "catalog_name varchar(255) not null, namespace varchar(255) not null, "
                        + "property_key varchar(255), property_value varchar(1000), "
                        + "primary key (catalog_name, namespace, property_key))");
            } finally {
                statement.execute("select pg_advisory_unlock(hashtextextended('lake-iceberg-catalog:" + schema
                        + "', 0))");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the Iceberg catalog's schema " + schema + ": "
                    + e.getMessage(), e);
        }
    }
}
