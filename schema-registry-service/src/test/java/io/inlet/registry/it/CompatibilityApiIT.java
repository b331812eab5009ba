package io.inlet.registry.it;

import static io.inlet.registry.it.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.registry.it.RegistryHttp.Response;
import org.junit.jupiter.api.Test;

/** {@code POST /compatibility/subjects/{subject}/versions/{version}} under the default BACKWARD level. */
class CompatibilityApiIT extends RegistryIntegrationTest {

    @Test
    void checksAgainstLatestAndASpecificVersionWithVerboseMessages() {
        String subject = uniqueSubject("compat");
        String v1 = fixtureSchema("page.viewed.v1.json").replace("\"title\": \"page.viewed\"", "\"title\": \"" + subject + "\"");
        String v2 = fixtureSchema("page.viewed.v2.json").replace("\"title\": \"page.viewed\"", "\"title\": \"" + subject + "\"");
        assertThat(admin().post("/subjects/" + subject + "/versions", schemaBody(v1)).status()).isEqualTo(200);

        Response compatible = http().post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(v2));
        assertThat(compatible.status()).isEqualTo(200);
        assertThat(compatible.json().toString()).isEqualTo("{\"is_compatible\":true}");

        Response verboseCompatible = http().post("/compatibility/subjects/" + subject + "/versions/1?verbose=true",
                schemaBody(v2));
        assertThat(verboseCompatible.json().toString()).isEqualTo("{\"is_compatible\":true,\"messages\":[]}");

        String requiresDevice = v2.replace("\"required\": [\"user_id\", \"url\", \"viewed_at\"]",
                "\"required\": [\"user_id\", \"url\", \"viewed_at\", \"device\"]");
        Response incompatible = http().post("/compatibility/subjects/" + subject + "/versions/1", schemaBody(requiresDevice));
        assertThat(incompatible.json().toString()).isEqualTo("{\"is_compatible\":false}");

        Response verbose = http().post("/compatibility/subjects/" + subject + "/versions/latest?verbose=true",
                schemaBody(requiresDevice));
        assertThat(verbose.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.json().get("messages").get(0).asString())
                .contains("REQUIRED_PROPERTY_ADDED").contains("/required").contains("device");

        // nothing was registered by checking
        assertThat(http().get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void errorsOfTheCompatibilityEndpoint() {
        String subject = uniqueSubject("compat.errors");
        String schema = "{\"title\":\"" + subject + "\",\"type\":\"string\"}";
        Response noSubject = http().post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(schema));
        assertThat(noSubject.status()).isEqualTo(404);
        assertThat(noSubject.errorCode()).isEqualTo(40401);

        admin().post("/subjects/" + subject + "/versions", schemaBody(schema));
        Response noVersion = http().post("/compatibility/subjects/" + subject + "/versions/5", schemaBody(schema));
        assertThat(noVersion.errorCode()).isEqualTo(40402);
        Response badVersion = http().post("/compatibility/subjects/" + subject + "/versions/zero", schemaBody(schema));
        assertThat(badVersion.errorCode()).isEqualTo(42202);
        Response badSchema = http().post("/compatibility/subjects/" + subject + "/versions/1",
                schemaBody("{\"type\":42}"));
        assertThat(badSchema.errorCode()).isEqualTo(42201);
    }
}
