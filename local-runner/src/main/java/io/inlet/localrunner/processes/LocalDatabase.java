package io.inlet.localrunner.processes;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * A fresh database on the machine's PostgreSQL ({@code 127.0.0.1:5432}, user {@code postgres}, trust auth), for a
 * run whose services each keep their tables in a schema of their own inside it.
 */
public final class LocalDatabase {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String USER = "postgres";
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private LocalDatabase() {
    }

    /** {@code CREATE DATABASE name}; returns its JDBC URL. */
    public static String create(String name) throws SQLException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection connection = connect("postgres");
             var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return SERVER + name;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(SERVER + database, USER, "");
    }
}
