package io.inlet.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** API keys: scoped by event type patterns, stored hashed, shown once, listed and revoked by the admin. */
class ApiKeysIT extends GatewayIntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void keyScopedToOrdersIsRefusedForUsersCreated() {
        String suffix = uniqueType("scope").substring(3);
        String key = createKey("orders-only", "orders" + suffix + ".*");
        GatewayHttp client = http().bearer(key);

        GatewayHttp.Response refused = client.post("/v1/events/users" + suffix + ".created", "application/json", "{}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("eventType").asString()).isEqualTo("users" + suffix + ".created");
        assertThat(RAW.messages("inlet.raw.users" + suffix + ".created")).isEmpty();

        GatewayHttp.Response deeper = client.post("/v1/events/orders" + suffix + ".item.added", "application/json", "{}");
        assertThat(deeper.status()).as("'*' is one token").isEqualTo(403);

        GatewayHttp.Response accepted = client.post("/v1/events/orders" + suffix + ".created", "application/json",
                "{}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(RAW.messages("inlet.raw.orders" + suffix + ".created")).hasSize(1);
    }

    @Test
    void keyIsShownOnceAndOnlyItsHashIsStored() throws Exception {
        GatewayHttp.Response created = admin().post("/v1/admin/api-keys", "application/json",
                "{\"name\":\"stored-hashed\",\"eventTypes\":[\"it.>\",\"billing.*\"]}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.get("id").asString();
        String key = body.get("key").asString();
        assertThat(key).startsWith("inlet_" + id + "_");
        assertThat(created.header("Location")).isEqualTo("/v1/admin/api-keys/" + id);

        GatewayHttp.Response one = admin().get("/v1/admin/api-keys/" + id);
        assertThat(one.json().get("name").asString()).isEqualTo("stored-hashed");
        assertThat(one.json().has("key")).isFalse();
        assertThat(one.body()).doesNotContain(key.substring(23));
        GatewayHttp.Response list = admin().get("/v1/admin/api-keys");
        assertThat(list.body()).contains(id).doesNotContain(key.substring(23));

        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT * FROM api_key WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                byte[] expected = MessageDigest.getInstance("SHA-256")
                        .digest(key.substring(23).getBytes(StandardCharsets.US_ASCII));
                assertThat(row.getBytes("secret_sha256")).isEqualTo(expected);
                int columns = row.getMetaData().getColumnCount();
                for (int i = 1; i <= columns; i++) {
                    String value = row.getString(i);
                    assertThat(value == null ? "" : value).doesNotContain(key.substring(23));
                }
            }
        }
    }

    @Test
    void revokedKeyIsRefusedAtOnce() {
        String type = uniqueType("revoke");
        String key = createKey("to-revoke", "it.>");
        String id = key.substring(6, 22);
        assertThat(http().bearer(key).post("/v1/events/" + type, "application/json", "{}").status()).isEqualTo(202);

        assertThat(admin().delete("/v1/admin/api-keys/" + id).status()).isEqualTo(204);
        assertThat(admin().delete("/v1/admin/api-keys/" + id).status()).as("idempotent").isEqualTo(204);

        GatewayHttp.Response refused = http().bearer(key).post("/v1/events/" + type, "application/json", "{}");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("reason").asString()).isEqualTo("revoked-api-key");
        JsonNode listed = admin().get("/v1/admin/api-keys/" + id).json();
        assertThat(listed.get("revoked").asBoolean()).isTrue();
        assertThat(listed.get("revokedAt").asString()).isNotBlank();
        assertThat(RAW.messages("inlet.raw." + type)).hasSize(1);
    }
}
