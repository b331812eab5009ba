package io.inlet.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Containers via Testcontainers. They are never stopped here: they live as long as the JVM's shared
 * singletons, and Testcontainers' reaper removes them when the JVM exits.
 */
final class TestcontainersRuntime implements ContainerRuntime {

    static final String POSTGRES_IMAGE = "postgres:16-alpine";
    static final String NATS_IMAGE = "nats:2.10";
    private static final int NATS_PORT = 4222;

    @Override
    public Availability availability() {
        try {
            return DockerClientFactory.instance().isDockerAvailable()
                    ? Availability.yes()
                    : Availability.no("Testcontainers found no working Docker environment");
        } catch (RuntimeException e) {
            return Availability.no(e);
        }
    }

    @Override
    @SuppressWarnings("resource") // lives until the JVM exits, see class comment
    public PostgresInstance startPostgres() {
        PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
        container.start();
        return new PostgresInstance(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                "testcontainers");
    }

    @Override
    @SuppressWarnings("resource") // lives until the JVM exits, see class comment
    public NatsInstance startNats() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(NATS_IMAGE))
                .withCommand("-js")
                .withExposedPorts(NATS_PORT)
                .waitingFor(Wait.forLogMessage("(?s).*Server is ready.*", 1));
        container.start();
        return new NatsInstance("nats://" + container.getHost() + ":" + container.getMappedPort(NATS_PORT),
                "testcontainers");
    }
}
