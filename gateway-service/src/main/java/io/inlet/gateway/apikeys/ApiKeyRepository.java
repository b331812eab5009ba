package io.inlet.gateway.apikeys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** API keys in PostgreSQL ({@code api_key}, see {@code db/migration}). */
@Repository
class ApiKeyRepository {

    /** A key with the hash of its secret, for authentication only. */
    record StoredKey(ApiKey key, byte[] secretHash) {
    }

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ApiKey key, byte[] secretHash) {
        jdbc.sql("INSERT INTO api_key (id, name, secret_sha256, event_types, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(key.id(), key.name(), secretHash, join(key.eventTypes()), Timestamp.from(key.createdAt()))
                .update();
    }

    Optional<StoredKey> findStored(String id) {
        return jdbc.sql("SELECT * FROM api_key WHERE id = ?").param(id)
                .query((rs, row) -> new StoredKey(map(rs), rs.getBytes("secret_sha256")))
                .optional();
    }

    Optional<ApiKey> find(String id) {
        return jdbc.sql("SELECT * FROM api_key WHERE id = ?").param(id).query((rs, row) -> map(rs)).optional();
    }

    List<ApiKey> findAll() {
        return jdbc.sql("SELECT * FROM api_key ORDER BY created_at, id").query((rs, row) -> map(rs)).list();
    }

    /** Sets revoked_at unless already set; false if there is no such key. */
    boolean revoke(String id, Instant at) {
        int updated = jdbc.sql("UPDATE api_key SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
                .params(Timestamp.from(at), id).update();
        return updated > 0;
    }

    private static ApiKey map(ResultSet rs) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new ApiKey(rs.getString("id"), rs.getString("name"),
                Arrays.stream(rs.getString("event_types").split(",")).map(EventTypePattern::new).toList(),
                rs.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant());
    }

    private static String join(List<EventTypePattern> patterns) {
        return patterns.stream().map(EventTypePattern::value).collect(Collectors.joining(","));
    }
}
