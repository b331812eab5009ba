package io.inlet.registry.it;

import static io.inlet.registry.it.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.inlet.registry.SchemaRegistryApplication;
import io.inlet.registryclient.RegistryClient;
import io.inlet.registryclient.RegistryClientAutoConfiguration;
import io.inlet.registryclient.RegistryClientException;
import io.inlet.registryclient.RegistryClientMetrics;
import io.inlet.registryclient.RegistryPipeline;
import io.inlet.transforms.PipelineStep;
import io.inlet.registryclient.RegistrySchema;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.IsolatedSchema;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The registry client against the real registry application, which this test starts, stops and
 * restarts to prove that cached schemas keep being served while the registry is down.
 */
class RegistryClientIT {

    private static final IsolatedSchema DATABASE = Infrastructure.postgres().createSchema("registry_client_it");
    private static final String ADMIN_TOKEN = "client-it-admin";

    private ConfigurableApplicationContext registry;

    private ConfigurableApplicationContext startRegistry(int port) {
        Map<String, Object> properties = new HashMap<>(DATABASE.springProperties());
        properties.put("server.port", port);
        properties.put("inlet.registry.security.admin.token", ADMIN_TOKEN);
        // as command-line arguments: they must win over application.yml
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(SchemaRegistryApplication.class).run(args);
    }

    private static int portOf(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static String schema(String subject, int fields) {
        StringBuilder properties = new StringBuilder();
        for (int i = 1; i <= fields; i++) {
            properties.append(i > 1 ? "," : "").append("\"f").append(i).append("\":{\"type\":\"string\"}");
        }
        return "{\"title\":\"" + subject + "\",\"type\":\"object\",\"properties\":{" + properties + "}}";
    }

    private static long register(int port, String subject, String schema) {
        var response = new RegistryHttp(port).bearer(ADMIN_TOKEN)
                .post("/subjects/" + subject + "/versions", schemaBody(schema));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("id").asLong();
    }

    @Test
    void servesBySubjectVersionLatestAndIdRefreshesInTheBackgroundAndSurvivesARegistryOutage() {
        registry = startRegistry(0);
        int port = portOf(registry);
        String subject = "client.outage";
        long id1 = register(port, subject, schema(subject, 1));

        try (RegistryClient client = RegistryClient.builder(URI.create("http://127.0.0.1:" + port))
                .refreshAfterWrite(Duration.ofMillis(200))
                .timeout(Duration.ofSeconds(2))
                .build()) {
            RegistrySchema latest = client.latest(subject);
            assertThat(latest.version()).isEqualTo(1);
            assertThat(latest.id()).isEqualTo(id1);
            assertThat(latest.schemaType()).isEqualTo("JSON");
            assertThat(client.schema(subject, 1).schema()).isEqualTo(latest.schema());
            RegistrySchema byId = client.byId(id1);
            assertThat(byId.schema()).isEqualTo(latest.schema());
            assertThat(byId.subject()).isNull();
            assertThat(client.loads()).as("latest, version 1 and id: three loads").isEqualTo(3);

            // a new version reaches the client through the background refresh of "latest"
            long id2 = register(port, subject, schema(subject, 2));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(client.latest(subject).id()).isEqualTo(id2));

            // not found is an error, not a cached value
            assertThatThrownBy(() -> client.schema(subject, 9))
                    .isInstanceOfSatisfying(RegistryClientException.class, e -> {
                        assertThat(e.notFound()).isTrue();
                        assertThat(e.errorCode()).isEqualTo(40402);
                    });
            assertThat(client.loadsNotFound()).isEqualTo(1);
            assertThat(client.failedLoads()).as("a 404 is an answer, not a failure").isZero();
            assertThat(client.refreshes()).as("latest was refreshed in the background").isPositive();

            // registry down: everything cached is still served, across several failed refreshes
            registry.close();
            registry = null;
            long failedBefore = client.failedRefreshes();
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(client.latest(subject).id()).isEqualTo(id2);
                assertThat(client.schema(subject, 1).id()).isEqualTo(id1);
                assertThat(client.byId(id1).schema()).contains("f1");
            });
            assertThat(client.failedRefreshes()).as("refreshes were attempted and failed").isGreaterThan(failedBefore);
            // what was never cached cannot be served
            assertThatThrownBy(() -> client.schema(subject, 2))
                    .isInstanceOfSatisfying(RegistryClientException.class, e -> assertThat(e.status()).isZero());
            assertThat(client.failedLoads()).isEqualTo(1);

            // registry back (same port): the client picks up changes again
            registry = startRegistry(port);
            long id3 = register(port, subject, schema(subject, 3));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(client.latest(subject).id()).isEqualTo(id3));
            assertThat(client.schema(subject, 2).id()).isEqualTo(id2);
        }
    }

    @Test
    void pipelineStepsAreReadRefreshedAndServedStaleWhileTheRegistryIsDown() {
        registry = startRegistry(0);
        int port = portOf(registry);
        String subject = "client.pipeline";
        register(port, subject, schema(subject, 1));

        try (RegistryClient client = RegistryClient.builder(URI.create("http://127.0.0.1:" + port))
                .refreshAfterWrite(Duration.ofMillis(200))
                .timeout(Duration.ofSeconds(2))
                .build()) {
            // none declared, or an unknown subject: no steps
            assertThat(client.pipeline(subject)).isEqualTo(RegistryPipeline.none(subject));
            assertThat(client.pipeline("client.never.registered").isEmpty()).isTrue();

            var put = new RegistryHttp(port).bearer(ADMIN_TOKEN).send("PUT", "/subjects/" + subject + "/pipeline", """
                    {"steps": [{"type": "rename", "from": "/f1", "to": "/g1"}, {"type": "drop", "path": "/f2"},
                               {"type": "derive", "path": "/n", "expression": "f1 + '!'"},
                               {"type": "filter", "expression": "f1 != null"}]}""", "application/json");
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(client.pipeline(subject).revision()).isEqualTo(1));
            assertThat(client.pipeline(subject).steps()).extracting(PipelineStep::type)
                    .containsExactly("rename", "drop", "derive", "filter");
            assertThat(((PipelineStep.Derive) client.pipeline(subject).steps().get(2)).expression().text())
                    .isEqualTo("f1 + '!'");

            registry.close();
            registry = null;
            long failedBefore = client.failedRefreshes();
            await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(client.pipeline(subject).revision()).isEqualTo(1));
            assertThat(client.failedRefreshes()).isGreaterThan(failedBefore);
            assertThatThrownBy(() -> client.pipeline("client.not.cached"))
                    .isInstanceOfSatisfying(RegistryClientException.class, e -> assertThat(e.status()).isZero());
        }
    }

    @Test
    void autoConfiguredClientReadsFromTheRegistry() {
        registry = startRegistry(0);
        int port = portOf(registry);
        String subject = "client.autoconfig";
        long id = register(port, subject, schema(subject, 1));

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RegistryClientAutoConfiguration.class))
                .withPropertyValues("inlet.registry.url=http://127.0.0.1:" + port,
                        "inlet.registry.cache.refresh-after-write=5s")
                .run(context -> {
                    SimpleMeterRegistry meters = new SimpleMeterRegistry();
                    context.getBean(RegistryClientMetrics.class).bindTo(meters);

                    assertThat(context.getBean(RegistryClient.class).latest(subject).id()).isEqualTo(id);
                    assertThat(meters.get("inlet.registry.client.fetches").tags("kind", "load", "outcome", "ok")
                            .functionCounter().count()).isEqualTo(1.0);
                    assertThat(meters.get("inlet.registry.client.fetches").tags("kind", "load", "outcome", "failed")
                            .functionCounter().count()).isZero();
                    assertThat(meters.get("inlet.registry.client.cache.entries").gauge().value()).isEqualTo(1.0);
                });
    }
}
