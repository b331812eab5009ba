package io.inlet.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.IsolatedSchema;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With {@code reads-open=false} reads need the reader or admin credential; docs and health stay open. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "inlet.registry.security.reads-open=false",
        "inlet.registry.security.admin.username=root",
        "inlet.registry.security.admin.password=closed-admin-pw",
        "inlet.registry.security.reader.username=viewer",
        "inlet.registry.security.reader.password=closed-reader-pw"})
class ReadsClosedIT {

    private static final IsolatedSchema DATABASE = Infrastructure.postgres().createSchema("registry_closed_it");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Test
    void readsNeedACredentialWhenClosed() {
        RegistryHttp anonymous = new RegistryHttp(port);
        for (String path : new String[] {"/subjects", "/config", "/schemas/types", "/schemas/ids/1"}) {
            var response = anonymous.get(path);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.contentType()).startsWith(RegistryHttp.V1_JSON);
            assertThat(response.errorCode()).isEqualTo(40101);
        }
        assertThat(anonymous.post("/subjects/x.y", RegistryHttp.schemaBody("{}")).status()).isEqualTo(401);

        assertThat(anonymous.basic("viewer", "closed-reader-pw").get("/subjects").status()).isEqualTo(200);
        assertThat(anonymous.basic("root", "closed-admin-pw").get("/subjects").status()).isEqualTo(200);
        assertThat(anonymous.basic("viewer", "closed-reader-pw")
                .post("/subjects/closed.write/versions", RegistryHttp.schemaBody("{}")).status()).isEqualTo(403);
        assertThat(anonymous.basic("root", "closed-admin-pw")
                .post("/subjects/closed.write/versions", RegistryHttp.schemaBody("{}")).status()).isEqualTo(200);
    }

    @Test
    void docsAndHealthStayOpen() {
        RegistryHttp anonymous = new RegistryHttp(port);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
    }
}
