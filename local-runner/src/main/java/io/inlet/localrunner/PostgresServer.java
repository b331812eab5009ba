package io.inlet.localrunner;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The PostgreSQL database the services keep their state in, one schema per service.
 *
 * @param jdbcUrl  a database (not a server): schemas are created in it
 * @param origin   {@code configured}, {@code local} or {@code embedded}
 * @param stopper  stops what the runner started (nothing for a server it found)
 */
public record PostgresServer(String jdbcUrl, String username, String password, String origin,
                             AutoCloseable stopper) implements AutoCloseable {

    static final String URL_VARIABLE = "INLET_DB_URL";
    static final String LOCAL_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String DATABASE = "inlet";

    /**
     * {@code INLET_DB_URL} (with {@code INLET_DB_USER} / {@code INLET_DB_PASSWORD}) if set; else the local server on
     * 127.0.0.1:5432 as user postgres, database {@code inlet} (created if missing); else an embedded PostgreSQL
     * whose data lives in {@code dataDirectory}.
     */
    static PostgresServer resolve(Map<String, String> env, Path dataDirectory) {
        String configured = env.get(URL_VARIABLE);
        String user = env.getOrDefault("INLET_DB_USER", "postgres");
        String password = env.getOrDefault("INLET_DB_PASSWORD", "");
        if (configured != null && !configured.isBlank()) {
            String problem = check(configured, user, password);
            if (problem != null) {
                throw new IllegalStateException(URL_VARIABLE + "=" + configured + " does not answer: " + problem
                        + ". Fix it, or unset it to use 127.0.0.1:5432 or an embedded PostgreSQL.");
            }
            return new PostgresServer(configured, user, password, "configured", () -> { });
        }
        if (check(LOCAL_SERVER + "postgres", "postgres", "") == null) {
            ensureDatabase(LOCAL_SERVER, "postgres", "");
            return new PostgresServer(LOCAL_SERVER + DATABASE, "postgres", "", "local", () -> { });
        }
        return embedded(dataDirectory);
    }

    static PostgresServer embedded(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(FreePorts.find())
                    .start();
            String server = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/";
            ensureDatabase(server, "postgres", "");
            return new PostgresServer(server + DATABASE, "postgres", "", "embedded", postgres);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start an embedded PostgreSQL in " + dataDirectory + ": "
                    + e.getMessage() + ". Or point " + URL_VARIABLE + " at a PostgreSQL database.", e);
        }
    }

    /** The Spring properties that put a service into its own schema of this database. */
    public Map<String, String> springProperties(String schema) {
        Map<String, String> properties = new LinkedHashMap<>();
        String separator = jdbcUrl.contains("?") ? "&" : "?";
        properties.put("spring.datasource.url", jdbcUrl + separator + "currentSchema=" + schema);
        properties.put("spring.datasource.username", username);
        properties.put("spring.datasource.password", password);
        properties.put("spring.flyway.schemas", schema);
        properties.put("spring.flyway.default-schema", schema);
        return properties;
    }

    private static void ensureDatabase(String server, String user, String password) {
        try (Connection connection = DriverManager.getConnection(server + "postgres", user, password);
             var exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            if (!exists.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + DATABASE + " on " + server + ": "
                    + e.getMessage(), e);
        }
    }

    /** Null when a connection works, else why not. */
    static String check(String jdbcUrl, String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "3");
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
            return connection.isValid(3) ? null : "connection not valid";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    @Override
    public void close() throws Exception {
        stopper.close();
    }

    @Override
    public String toString() {
        return jdbcUrl + " (" + origin + ")";
    }
}
