package io.inlet.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A schema that belongs to one test (class); {@code jdbcUrl} sets {@code currentSchema} so that unqualified
 * table names land in it.
 */
public record IsolatedSchema(String name, String jdbcUrl, String username, String password) {

    /** spring.datasource.url/username/password and spring.flyway.default-schema + spring.flyway.schemas = name */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", username);
        properties.put("spring.datasource.password", password);
        properties.put("spring.flyway.default-schema", name);
        properties.put("spring.flyway.schemas", name);
        return Collections.unmodifiableMap(properties);
    }

    /** A new connection whose search path is this schema; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    @Override
    public String toString() {
        return "IsolatedSchema[" + name + " at " + jdbcUrl + "]";
    }
}
