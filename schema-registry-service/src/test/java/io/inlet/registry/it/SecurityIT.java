package io.inlet.registry.it;

import static io.inlet.registry.it.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.registry.it.RegistryHttp.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Writes need the admin credential (bearer or basic). 401/403 on the Confluent endpoints have
 * Confluent's body (error_code 40101/40301), which Confluent clients show; elsewhere problem details.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityIT extends RegistryIntegrationTest {

    private String schema(String subject) {
        return schemaBody("{\"title\":\"" + subject + "\",\"type\":\"object\"}");
    }

    @Test
    void writesWithoutCredentialsAre401WithConfluentBodies() {
        String subject = uniqueSubject("sec.anon");
        for (Response response : new Response[] {
                http().post("/subjects/" + subject + "/versions", schema(subject)),
                http().put("/config", "{\"compatibility\":\"NONE\"}"),
                http().put("/config/" + subject, "{\"compatibility\":\"NONE\"}"),
                http().delete("/config"),
                http().delete("/subjects/" + subject),
                http().delete("/subjects/" + subject + "/versions/1")}) {
            assertUnauthorized(response);
        }
        assertThat(http().get("/subjects/" + subject + "/versions").status()).isEqualTo(404);
    }

    @Test
    void wrongCredentialsAre401() {
        String subject = uniqueSubject("sec.wrong");
        assertUnauthorized(http().bearer("not-the-token").post("/subjects/" + subject + "/versions", schema(subject)));
        assertUnauthorized(http().basic("admin", "wrong").post("/subjects/" + subject + "/versions", schema(subject)));
        assertUnauthorized(http().basic("nobody", ADMIN_PASSWORD).post("/subjects/" + subject + "/versions", schema(subject)));
        // a wrong credential is refused on reads too, rather than silently ignored
        assertUnauthorized(http().bearer("not-the-token").get("/subjects"));
    }

    @Test
    void readerCredentialOnAWriteIs403WithAConfluentBody() {
        String subject = uniqueSubject("sec.reader");
        for (Response response : new Response[] {
                http().bearer(READER_TOKEN).post("/subjects/" + subject + "/versions", schema(subject)),
                http().bearer(READER_TOKEN).put("/config", "{\"compatibility\":\"NONE\"}"),
                http().bearer(READER_TOKEN).delete("/subjects/" + subject)}) {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.contentType()).startsWith(RegistryHttp.V1_JSON);
            assertThat(response.errorCode()).isEqualTo(40301);
            assertThat(response.message()).contains("admin credential");
            assertThat(response.json().size()).isEqualTo(2);
        }
        assertThat(http().bearer(READER_TOKEN).get("/subjects").status()).isEqualTo(200);
    }

    @Test
    void inletsOwnEndpointsKeepProblemDetails() {
        String subject = uniqueSubject("sec.pipeline");
        Response unauthorized = http().put("/subjects/" + subject + "/pipeline", "{\"steps\":[]}");
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.contentType()).startsWith("application/problem+json");
        assertThat(unauthorized.json().get("title").asString()).isEqualTo("Unauthorized");
        Response forbidden = http().bearer(READER_TOKEN).put("/subjects/" + subject + "/pipeline", "{\"steps\":[]}");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
        assertThat(forbidden.json().get("status").asInt()).isEqualTo(403);
    }

    @Test
    void adminMayWriteWithBearerOrBasic() {
        String subject = uniqueSubject("sec.admin");
        assertThat(http().bearer(ADMIN_TOKEN).post("/subjects/" + subject + "/versions", schema(subject)).status())
                .isEqualTo(200);
        String other = uniqueSubject("sec.basic");
        assertThat(http().basic("admin", ADMIN_PASSWORD).post("/subjects/" + other + "/versions", schema(other)).status())
                .isEqualTo(200);
        assertThat(http().basic("admin", ADMIN_PASSWORD).delete("/subjects/" + other).status()).isEqualTo(200);
    }

    @Test
    void readsAreOpenByDefault() {
        assertThat(http().get("/subjects").status()).isEqualTo(200);
        assertThat(http().get("/config").status()).isEqualTo(200);
        assertThat(http().get("/schemas/types").status()).isEqualTo(200);
        // look-up and compatibility checks are reads even though they are POSTs
        assertThat(http().post("/subjects/" + uniqueSubject("sec.lookup"), schema("x")).status()).isEqualTo(404);
    }

    @Test
    void secretsAreNeverLogged(CapturedOutput output) {
        String subject = uniqueSubject("sec.log");
        http().bearer("wrong-" + ADMIN_TOKEN).post("/subjects/" + subject + "/versions", schema(subject));
        http().bearer(ADMIN_TOKEN).post("/subjects/" + subject + "/versions", schema(subject));
        http().basic("admin", ADMIN_PASSWORD).delete("/subjects/" + subject);
        assertThat(output.getAll()).contains(subject)
                .doesNotContain(ADMIN_TOKEN).doesNotContain(ADMIN_PASSWORD).doesNotContain(READER_TOKEN);
    }

    private static void assertUnauthorized(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.contentType()).startsWith(RegistryHttp.V1_JSON);
        assertThat(response.header("WWW-Authenticate")).contains("Bearer").contains("Basic");
        assertThat(response.errorCode()).isEqualTo(40101);
        assertThat(response.message()).contains("credential");
        assertThat(response.json().size()).isEqualTo(2);
        assertThat(response.body()).doesNotContain("Exception");
    }
}
