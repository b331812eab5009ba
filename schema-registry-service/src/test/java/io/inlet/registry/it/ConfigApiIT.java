package io.inlet.registry.it;

import static io.inlet.registry.it.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.registry.it.RegistryHttp.Response;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.IsolatedSchema;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Global and subject compatibility config. Changes the global level, so it runs in its own
 * context and database schema rather than in the shared one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "inlet.registry.security.admin.token=" + ConfigApiIT.ADMIN_TOKEN)
class ConfigApiIT {

    static final String ADMIN_TOKEN = "config-it-admin";
    private static final IsolatedSchema DATABASE = Infrastructure.postgres().createSchema("registry_config_it");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    private RegistryHttp http() {
        return new RegistryHttp(port);
    }

    private RegistryHttp admin() {
        return http().bearer(ADMIN_TOKEN);
    }

    private static String schema(String subject, String type) {
        return "{\"title\":\"" + subject + "\",\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"" + type + "\"}}}";
    }

    @Test
    void globalConfigDefaultsToBackwardCanBeSetAndReset() {
        assertThat(http().get("/config").json().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");

        Response put = admin().put("/config", "{\"compatibility\":\"full_transitive\"}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().toString()).isEqualTo("{\"compatibility\":\"FULL_TRANSITIVE\"}");
        assertThat(http().get("/config").json().get("compatibilityLevel").asString()).isEqualTo("FULL_TRANSITIVE");

        Response reset = admin().delete("/config");
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json().get("compatibilityLevel").asString()).isEqualTo("FULL_TRANSITIVE");
        assertThat(http().get("/config").json().get("compatibilityLevel").asString()).isEqualTo("BACKWARD");

        for (String level : new String[] {"NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE",
                "FULL", "FULL_TRANSITIVE"}) {
            assertThat(admin().put("/config", "{\"compatibility\":\"" + level + "\"}").status()).isEqualTo(200);
        }
        admin().delete("/config");
    }

    @Test
    void invalidLevelIs42203() {
        Response response = admin().put("/config", "{\"compatibility\":\"SIDEWAYS\"}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.errorCode()).isEqualTo(42203);
        Response missing = admin().put("/config/cfg.invalid", "{}");
        assertThat(missing.errorCode()).isEqualTo(42203);
    }

    @Test
    void subjectConfigOverridesGlobal() {
        String subject = "cfg.precedence";
        assertThat(admin().post("/subjects/" + subject + "/versions", schemaBody(schema(subject, "number"))).status())
                .isEqualTo(200);

        Response unset = http().get("/config/" + subject);
        assertThat(unset.status()).isEqualTo(404);
        assertThat(unset.errorCode()).isEqualTo(40408);
        assertThat(http().get("/config/" + subject + "?defaultToGlobal=true").json().get("compatibilityLevel").asString())
                .isEqualTo("BACKWARD");

        try {
            // global NONE lets a narrowing change through ...
            admin().put("/config", "{\"compatibility\":\"NONE\"}");
            assertThat(admin().post("/subjects/" + subject + "/versions", schemaBody(schema(subject, "integer"))).status())
                    .isEqualTo(200);

            // ... until the subject's own BACKWARD level takes precedence
            Response put = admin().put("/config/" + subject, "{\"compatibility\":\"BACKWARD\"}");
            assertThat(put.json().toString()).isEqualTo("{\"compatibility\":\"BACKWARD\"}");
            assertThat(http().get("/config/" + subject).json().get("compatibilityLevel").asString()).isEqualTo("BACKWARD");
            assertThat(http().get("/config").json().get("compatibilityLevel").asString()).isEqualTo("NONE");
            Response rejected = admin().post("/subjects/" + subject + "/versions",
                    schemaBody(schema(subject, "string")));
            assertThat(rejected.status()).isEqualTo(409);
            assertThat(rejected.message()).contains("TYPE_NARROWED").contains("/properties/n/type");

            // deleting the subject's level falls back to the global one
            Response deleted = admin().delete("/config/" + subject);
            assertThat(deleted.json().get("compatibilityLevel").asString()).isEqualTo("BACKWARD");
            assertThat(admin().delete("/config/" + subject).errorCode()).isEqualTo(40408);
            assertThat(admin().post("/subjects/" + subject + "/versions", schemaBody(schema(subject, "string"))).status())
                    .isEqualTo(200);

            // and a subject may be stricter or looser than global in the other direction too
            admin().put("/config", "{\"compatibility\":\"FULL\"}");
            admin().put("/config/" + subject, "{\"compatibility\":\"NONE\"}");
            assertThat(admin().post("/subjects/" + subject + "/versions", schemaBody(schema(subject, "boolean"))).status())
                    .isEqualTo(200);
        } finally {
            admin().delete("/config");
        }
    }

    @Test
    void configOfAnInvalidSubjectIs42208() {
        assertThat(http().get("/config/BAD..name").errorCode()).isEqualTo(42208);
    }

    @Test
    void theGlobalPolicyAppliesToSubjectsWithoutTheirOwnAndIsResetWithTheLevel() {
        String v1 = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}";
        String v2 = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"integer\"}}}";
        Response put = admin().put("/config", "{\"compatibilityPolicy\":\"strict\"}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().toString()).isEqualTo("{\"compatibilityPolicy\":\"STRICT\"}");
        assertThat(http().get("/config").json().toString())
                .isEqualTo("{\"compatibilityLevel\":\"BACKWARD\",\"compatibilityPolicy\":\"STRICT\"}");
        try {
            String subject = "config.policy.global";
            assertThat(admin().post("/subjects/" + subject + "/versions", schemaBody(v1)).status()).isEqualTo(200);
            Response refused = admin().post("/subjects/" + subject + "/versions", schemaBody(v2));
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.message()).contains("PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL at /properties/b");

            // a subject's own policy wins over the global one
            assertThat(admin().put("/config/" + subject, "{\"compatibilityPolicy\":\"LENIENT\"}").status()).isEqualTo(200);
            assertThat(admin().post("/subjects/" + subject + "/versions", schemaBody(v2)).status()).isEqualTo(200);
        } finally {
            Response reset = admin().delete("/config");
            assertThat(reset.json().toString())
                    .isEqualTo("{\"compatibilityLevel\":\"BACKWARD\",\"compatibilityPolicy\":\"STRICT\"}");
        }
        assertThat(http().get("/config").json().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    }
}
