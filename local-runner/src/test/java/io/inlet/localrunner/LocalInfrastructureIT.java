package io.inlet.localrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fallbacks the local runner starts when nothing is configured, for real: an embedded PostgreSQL, a
 * nats-server from the PATH with JetStream, S3Proxy on a folder; and the clear failures when a configured one
 * does not answer.
 */
class LocalInfrastructureIT {

    @TempDir
    Path home;

    @Test
    void embeddedPostgresKeepsEachServiceInItsOwnSchema() throws Exception {
        try (PostgresServer postgres = PostgresServer.embedded(home.resolve("postgres"))) {
            assertThat(postgres.origin()).isEqualTo("embedded");
            Map<String, String> properties = postgres.springProperties("lake");
            assertThat(properties).containsEntry("spring.flyway.schemas", "lake")
                    .containsEntry("spring.flyway.default-schema", "lake");
            try (Connection connection = DriverManager.getConnection(properties.get("spring.datasource.url"),
                    postgres.username(), postgres.password())) {
                connection.createStatement().execute("create schema lake");
                connection.createStatement().execute("create table t (id int)");
                ResultSet schema = connection.createStatement().executeQuery(
                        "select table_schema from information_schema.tables where table_name = 't'");
                assertThat(schema.next()).isTrue();
                assertThat(schema.getString(1)).isEqualTo("lake");
            }
        }
        assertThat(home.resolve("postgres")).isDirectoryContaining(p -> p.getFileName().toString().equals("PG_VERSION"));
    }

    @Test
    void natsServerFromThePathRunsJetStreamInTheLocalFolderAndStops() throws Exception {
        Path binary = NatsServer.findBinary(System.getenv()).orElseThrow(() -> new AssertionError(
                "this test needs nats-server on the PATH (apt-get install -y nats-server)"));
        NatsServer nats = NatsServer.start(binary, home.resolve("nats"), home.resolve("logs/nats.log"));
        try {
            assertThat(NatsServer.probe(nats.url())).isNull();
            assertThat(home.resolve("nats/jetstream")).isDirectory();
        } finally {
            nats.close();
        }
        assertThat(NatsServer.probe(nats.url())).isNotNull();
    }

    @Test
    void aConfiguredNatsThatDoesNotAnswerIsAnErrorNotAFallback() {
        Map<String, String> env = Map.of("INLET_NATS_URL", "nats://127.0.0.1:" + FreePorts.find());
        assertThatThrownBy(() -> NatsServer.resolve(env, home.resolve("nats"), home.resolve("nats.log")))
                .hasMessageContaining("INLET_NATS_URL=").hasMessageContaining("does not answer");
    }

    @Test
    void noNatsAnywhereSaysHowToGetOne() {
        Map<String, String> env = Map.of("PATH", home.toString());
        String nothingListens = "nats://127.0.0.1:" + FreePorts.find();
        assertThatThrownBy(() -> NatsServer.resolve(env, home.resolve("nats"), home.resolve("nats.log"),
                nothingListens, List.of()))
                .hasMessageContaining("No NATS server with JetStream")
                .hasMessageContaining("apt-get install -y nats-server")
                .hasMessageContaining("export INLET_NATS_URL=");
    }

    @Test
    void s3ProxyStoresObjectsAsFilesUnderTheLakeFolder() throws Exception {
        try (S3Endpoint s3 = S3Endpoint.onFolder(home.resolve("lake"), "inlet-lake", "inlet-error-lake")) {
            assertThat(home.resolve("lake/inlet-lake")).isDirectory();
            assertThat(home.resolve("lake/inlet-error-lake")).isDirectory();
            assertThat(s3.lakeProperties()).containsEntry("inlet.lake.s3.path-style", "true")
                    .containsEntry("inlet.lake.s3.access-key", S3Endpoint.LOCAL_ACCESS_KEY);
            // Unauthenticated requests are refused: the endpoint is a real, signed S3 API.
            HttpResponse<String> anonymous = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(s3.endpoint() + "/inlet-lake")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(403);
        }
    }

}
