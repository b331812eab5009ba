package io.inlet.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL database that tests may use; shared by every test in the JVM, so each test class works in its
 * own schema ({@link #createSchema(String)}) instead of cleaning up after others.
 *
 * @param origin where it came from: {@code env}, {@code local} or {@code testcontainers}
 */
public record PostgresInstance(String jdbcUrl, String username, String password, String origin) {

    /** CREATE SCHEMA with a unique name derived from hint (lower-case, [a-z0-9_], random suffix). */
    public IsolatedSchema createSchema(String hint) {
        String name = UniqueNames.lowerToken(hint);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
             Statement statement = connection.createStatement()) {
            // The name is [a-z0-9_] only, so quoting it is enough to make the statement safe.
            statement.execute("CREATE SCHEMA \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create schema " + name + " in " + jdbcUrl, e);
        }
        return new IsolatedSchema(name, JdbcUrls.withCurrentSchema(jdbcUrl, name), username, password);
    }

    @Override
    public String toString() {
        return "PostgresInstance[" + jdbcUrl + " as " + username + ", origin=" + origin + "]";
    }
}
