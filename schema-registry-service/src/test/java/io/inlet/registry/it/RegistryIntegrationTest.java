package io.inlet.registry.it;

import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.IsolatedSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the ITs that share one running registry (one Spring context, one database schema).
 * Tests isolate themselves by unique subject names; tests that change global state (the global
 * compatibility level, reads closed) run in their own context and schema instead.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "inlet.registry.security.admin.token=" + RegistryIntegrationTest.ADMIN_TOKEN,
        "inlet.registry.security.admin.username=admin",
        "inlet.registry.security.admin.password=" + RegistryIntegrationTest.ADMIN_PASSWORD,
        "inlet.registry.security.reader.token=" + RegistryIntegrationTest.READER_TOKEN})
abstract class RegistryIntegrationTest {

    static final String ADMIN_TOKEN = "it-admin-token";
    static final String ADMIN_PASSWORD = "it-admin-password";
    static final String READER_TOKEN = "it-reader-token";

    private static final IsolatedSchema DATABASE = Infrastructure.postgres().createSchema("registry_it");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    /** Anonymous client: reads. */
    RegistryHttp http() {
        return new RegistryHttp(port);
    }

    /** Admin client: writes. */
    RegistryHttp admin() {
        return new RegistryHttp(port).bearer(ADMIN_TOKEN);
    }

    /** A subject name no other test uses, e.g. {@code it.lookup.3f9a1c}. */
    static String uniqueSubject(String hint) {
        return "it." + hint.toLowerCase(Locale.ROOT) + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    static String fixtureSchema(String name) {
        Path root = Path.of(System.getProperty("inlet.repo.root", "..")).toAbsolutePath();
        Path file = root.resolve("../shared/fixtures/schemas").resolve(name).normalize();
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Fixture " + file + " missing", e);
        }
    }
}
