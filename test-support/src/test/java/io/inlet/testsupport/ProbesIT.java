package io.inlet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The real probes: they must accept the services the tests use and reject, quickly, what is not one. */
class ProbesIT {

    private static final Duration QUICKLY = Duration.ofSeconds(10);

    @Test
    void postgresProbeAcceptsTheResolvedServer() {
        PostgresInstance postgres = Infrastructure.postgres();

        assertThat(new JdbcPostgresProbe().check(postgres.jdbcUrl(), postgres.username(), postgres.password()))
                .isEqualTo(Availability.yes());
    }

    @Test
    void natsProbeAcceptsTheResolvedServer() {
        assertThat(new JetStreamProbe().check(Infrastructure.nats().url())).isEqualTo(Availability.yes());
    }

    @Test
    void probesRejectAClosedPort() throws IOException {
        int closedPort = closedPort();

        Availability postgres = new JdbcPostgresProbe().check("jdbc:postgresql://127.0.0.1:" + closedPort + "/test",
                "postgres", "");
        Availability nats = new JetStreamProbe().check("nats://127.0.0.1:" + closedPort);

        assertThat(postgres.available()).isFalse();
        assertThat(postgres.detail()).isNotBlank();
        assertThat(nats.available()).isFalse();
        assertThat(nats.detail()).isNotBlank();
    }

    @Test
    void probesGiveUpQuicklyOnAPortThatNeverAnswers() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Instant start = Instant.now();

            Availability postgres = new JdbcPostgresProbe().check(
                    "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/test", "postgres", "");
            Availability nats = new JetStreamProbe().check("nats://127.0.0.1:" + silent.getLocalPort());

            assertThat(postgres.available()).isFalse();
            assertThat(nats.available()).isFalse();
            assertThat(Duration.between(start, Instant.now())).isLessThan(QUICKLY.multipliedBy(2));
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
