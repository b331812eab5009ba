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
        createSchema(jdbcUrl, user, password, schema);
        Map<String, String> properties = new HashMap<>();
        properties.put(CatalogProperties.URI, jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema="
                + schema);
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
        }, null, true);
        try {
            catalog.initialize(iceberg.catalogName(), properties);
        } catch (RuntimeException first) {
            // Two lake instances starting together may race to create the catalog's tables; the second try sees them.
            catalog.initialize(iceberg.catalogName(), properties);
        }
        return catalog;
    }

    private static void createSchema(String jdbcUrl, String user, String password, String schema) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("create schema if not exists " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the Iceberg catalog's schema " + schema + ": "
                    + e.getMessage(), e);
        }
    }
}
