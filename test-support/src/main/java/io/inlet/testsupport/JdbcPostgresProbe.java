package io.inlet.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens a real JDBC connection with short timeouts, so an absent server costs seconds, not minutes. */
final class JdbcPostgresProbe implements PostgresResolver.Probe {

    private static final String TIMEOUT_SECONDS = "3";

    @Override
    public Availability check(String jdbcUrl, String username, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", TIMEOUT_SECONDS);
        properties.setProperty("loginTimeout", TIMEOUT_SECONDS);
        properties.setProperty("socketTimeout", TIMEOUT_SECONDS);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
            return connection.isValid(Integer.parseInt(TIMEOUT_SECONDS))
                    ? Availability.yes()
                    : Availability.no("connection opened but is not valid");
        } catch (SQLException e) {
            return Availability.no(e);
        }
    }
}
