package io.inlet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresIT {

    private final PostgresInstance postgres = Infrastructure.postgres();

    @Test
    void resolvesOncePerJvm() {
        assertThat(Infrastructure.postgres()).isSameAs(postgres);
        assertThat(postgres.origin()).isIn("env", "local", "testcontainers");
    }

    @Test
    void tableCreatedThroughTheSchemaUrlLandsInThatSchema() throws SQLException {
        IsolatedSchema schema = postgres.createSchema("Postgres IT");
        String table = UniqueNames.lowerToken("widget");

        try (Connection connection = DriverManager.getConnection(schema.jdbcUrl(), schema.username(), schema.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, name text)");
            statement.execute("INSERT INTO " + table + " VALUES (1, 'first')");
        }

        assertThat(schema.name()).matches("postgres_it_[a-z0-9]{8}");
        assertThat(schemasHolding(table)).containsExactly(schema.name());
        try (Connection connection = schema.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM " + table)) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("first");
        }
    }

    @Test
    void twoSchemasDoNotSeeEachOthersTables() throws SQLException {
        IsolatedSchema first = postgres.createSchema("isolation");
        IsolatedSchema second = postgres.createSchema("isolation");
        try (Connection connection = first.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE only_in_first (id int)");
        }

        try (Connection connection = second.connect();
             Statement statement = connection.createStatement();
             ResultSet found = statement.executeQuery("SELECT to_regclass('only_in_first')")) {
            assertThat(found.next()).isTrue();
            assertThat(found.getString(1)).isNull();
        }
        assertThat(first.name()).isNotEqualTo(second.name());
    }

    private List<String> schemasHolding(String table) throws SQLException {
        List<String> schemas = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
                postgres.password());
             PreparedStatement query = connection.prepareStatement(
                     "SELECT table_schema FROM information_schema.tables WHERE table_name = ?")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    schemas.add(rows.getString(1));
                }
            }
        }
        return schemas;
    }
}
