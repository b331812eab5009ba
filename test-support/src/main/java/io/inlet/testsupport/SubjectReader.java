package io.inlet.testsupport;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Reads, without acking anything, every message a shared stream holds under one test's subjects. */
public final class SubjectReader implements AutoCloseable {

    private final JetStreamSubscription subscription;
    private final List<Message> received = new CopyOnWriteArrayList<>();

    public SubjectReader(Connection connection, String stream, String filterSubject) {
        try {
            subscription = connection.jetStream().subscribe(filterSubject, PullSubscribeOptions.builder()
                    .stream(stream)
                    .configuration(ConsumerConfiguration.builder()
                            .filterSubject(filterSubject)
                            .deliverPolicy(DeliverPolicy.All)
                            .ackPolicy(AckPolicy.None)
                            .inactiveThreshold(Duration.ofMinutes(2))
                            .build())
                    .build());
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot read " + filterSubject + " from " + stream, e);
        }
    }

    /** Everything read so far, after fetching what arrived since the last call. */
    public List<Message> messages() {
        while (true) {
            List<Message> batch = subscription.fetch(1000, Duration.ofMillis(200));
            if (batch.isEmpty()) {
                return List.copyOf(received);
            }
            received.addAll(batch);
        }
    }

    @Override
    public void close() {
        subscription.unsubscribe();
    }
}
