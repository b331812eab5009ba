package io.inlet.testsupport;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;

/**
 * A NATS server with JetStream, shared by every test in the JVM; isolate with
 * {@link UniqueNames#streamName(String)} and {@link UniqueNames#subjectPrefix(String)}.
 *
 * @param origin where it came from: {@code env}, {@code local} or {@code testcontainers}
 */
public record NatsInstance(String url, String origin) {

    /** A new connection; the caller closes it. */
    public Connection connect() {
        Options options = Options.builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        try {
            return Nats.connect(options);
        } catch (IOException e) {
            throw new IllegalStateException("Could not connect to NATS at " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while connecting to NATS at " + url, e);
        }
    }
}
