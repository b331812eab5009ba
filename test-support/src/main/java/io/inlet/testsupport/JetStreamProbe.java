package io.inlet.testsupport;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;

/**
 * Connects for real and asks JetStream for account statistics: a plain NATS server without {@code -js}
 * accepts connections but would fail every stream operation later.
 */
final class JetStreamProbe implements NatsResolver.Probe {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Override
    public Availability check(String url) {
        Options options = Options.builder()
                .server(url)
                .connectionTimeout(TIMEOUT)
                .noReconnect()
                .build();
        try (Connection connection = Nats.connect(options)) {
            return jetStreamAnswers(connection);
        } catch (IOException | RuntimeException e) {
            return Availability.no(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Availability.no(e);
        }
    }

    private static Availability jetStreamAnswers(Connection connection) throws InterruptedException {
        try {
            connection.jetStreamManagement(JetStreamOptions.builder().requestTimeout(TIMEOUT).build())
                    .getAccountStatistics();
            return Availability.yes();
        } catch (IOException | JetStreamApiException e) {
            return Availability.no("connected, but JetStream did not answer (is the server started with -js?): "
                    + e.getMessage());
        }
    }
}
