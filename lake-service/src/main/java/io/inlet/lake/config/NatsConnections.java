package io.inlet.lake.config;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the lake's NATS connection; the service starts even when NATS is down and reconnects in the background. */
final class NatsConnections {

    private static final Logger log = LoggerFactory.getLogger(NatsConnections.class);

    private NatsConnections() {
    }

    static Connection connect(LakeProperties.Nats properties) {
        Options.Builder options = new Options.Builder()
                .servers(properties.servers().toArray(String[]::new))
                .connectionName(properties.connectionName())
                .connectionTimeout(properties.connectTimeout())
                .maxReconnects(-1)
                .connectionListener((connection, event) -> log.info("NATS connection {}", event));
        if (properties.username() != null && !properties.username().isBlank()) {
            options.userInfo(properties.username(), properties.password() == null ? "" : properties.password());
        }
        if (properties.token() != null && !properties.token().isBlank()) {
            options.token(properties.token().toCharArray());
        }
        if (properties.credentialsFile() != null && !properties.credentialsFile().isBlank()) {
            options.credentialPath(properties.credentialsFile());
        }
        try {
            Connection connection = Nats.connectReconnectOnConnect(options.build());
            long deadline = System.nanoTime() + properties.connectTimeout().toNanos();
            while (connection.getStatus() != Connection.Status.CONNECTED && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            if (connection.getStatus() != Connection.Status.CONNECTED) {
                log.warn("NATS at {} is not reachable yet; reconnecting in the background", properties.servers());
            }
            return connection;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot connect to NATS at " + properties.servers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while connecting to NATS", e);
        }
    }
}
