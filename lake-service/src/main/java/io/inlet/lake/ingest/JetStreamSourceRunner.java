package io.inlet.lake.ingest;

import io.inlet.lake.buffer.BufferManager;
import io.inlet.lake.buffer.Delivery;
import io.inlet.lake.config.LakeProperties;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Pulls {@code inlet.valid.>} and {@code inlet.errors.>} with shared durable pull consumers (one per source, used
 * by every lake instance) and hands each message to the {@link EventRouter}. Acks are deferred: a message is
 * acked by the flush that committed its file, not when it was buffered, so the consumer's ack wait must exceed
 * the buffer age limit. On a graceful stop, pulling stops first, then every buffer is flushed and acked.
 */
public class JetStreamSourceRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JetStreamSourceRunner.class);

    private final Connection connection;
    private final LakeProperties properties;
    private final EventRouter router;
    private final BufferManager buffers;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public JetStreamSourceRunner(Connection connection, LakeProperties properties, EventRouter router,
                                 BufferManager buffers) {
        this.connection = connection;
        this.properties = properties;
        this.router = router;
        this.buffers = buffers;
        Duration maxAge = properties.buffer().maxAge();
        if (properties.sources().ackWait().compareTo(maxAge) <= 0) {
            throw new IllegalStateException("inlet.lake.sources.ack-wait (" + properties.sources().ackWait()
                    + ") must be longer than inlet.lake.buffer.max-age (" + maxAge + "): messages are acked only "
                    + "after the file holding them is committed");
        }
    }

    @Override
    public void start() {
        running = true;
        LakeProperties.Sources sources = properties.sources();
        threads.add(startLoop("lake-pull-valid", sources.valid(), router::routeValid));
        threads.add(startLoop("lake-pull-errors", sources.errors(), router::routeError));
    }

    private Thread startLoop(String name, LakeProperties.Source source, Consumer<EventRouter.Incoming> route) {
        Thread thread = new Thread(() -> pullLoop(source, route), name);
        thread.start();
        return thread;
    }

    @Override
    public void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(properties.sources().fetchTimeout().toMillis() * 4 + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        buffers.close(properties.buffer().flushOnShutdown(), properties.buffer().shutdownTimeout());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void pullLoop(LakeProperties.Source source, Consumer<EventRouter.Incoming> route) {
        JetStreamSubscription subscription = null;
        while (running) {
            try {
                if (subscription == null) {
                    provision(source);
                    JetStream jetStream = connection.jetStream();
                    subscription = jetStream.subscribe(source.filterSubject(),
                            PullSubscribeOptions.bind(source.stream(), source.durable()));
                    log.info("Lake consuming {} from stream {} as durable {}", source.filterSubject(), source.stream(),
                            source.durable());
                }
                buffers.awaitMemory();
                List<Message> batch = subscription.fetch(properties.sources().fetchSize(),
                        properties.sources().fetchTimeout());
                for (Message message : batch) {
                    handle(message, route);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("Pulling {} failed ({}); retrying", source.filterSubject(), e.getMessage());
                subscription = unsubscribe(subscription);
                pause();
            }
        }
        unsubscribe(subscription);
    }

    private void handle(Message message, Consumer<EventRouter.Incoming> route) {
        NatsIncoming incoming = new NatsIncoming(message);
        if (!running) {
            incoming.delivery().nak(Duration.ZERO);
            return;
        }
        try {
            route.accept(incoming);
        } catch (RuntimeException e) {
            Duration delay = properties.sources().backoffAfter(message.metaData().deliveredCount());
            log.warn("Cannot place {} #{} now ({}); redelivery in {}", message.getSubject(),
                    message.metaData().streamSequence(), e.getMessage(), delay);
            try {
                incoming.delivery().nak(delay);
            } catch (RuntimeException nakFailed) {
                // Redelivered after the ack wait.
            }
        }
    }

    /** Creates the stream (if allowed and missing) and creates or updates the durable pull consumer. */
    private void provision(LakeProperties.Source source) throws IOException, JetStreamApiException {
        JetStreamManagement management = connection.jetStreamManagement();
        LakeProperties.Sources sources = properties.sources();
        try {
            management.getStreamInfo(source.stream());
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404 || !sources.autoCreateStreams()) {
                throw e;
            }
            management.addStream(StreamConfiguration.builder().name(source.stream())
                    .subjects(source.filterSubject()).storageType(StorageType.File).build());
            log.info("Created stream {} for {}", source.stream(), source.filterSubject());
        }
        management.addOrUpdateConsumer(source.stream(), ConsumerConfiguration.builder()
                .durable(source.durable())
                .filterSubject(source.filterSubject())
                .ackPolicy(AckPolicy.Explicit)
                .deliverPolicy(DeliverPolicy.All)
                .ackWait(sources.ackWait())
                .maxDeliver(-1)
                .maxAckPending(sources.maxAckPending())
                .build());
    }

    private void pause() {
        long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (running && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private static JetStreamSubscription unsubscribe(JetStreamSubscription subscription) {
        if (subscription != null) {
            try {
                subscription.unsubscribe();
            } catch (RuntimeException e) {
                // Already gone with the connection.
            }
        }
        return null;
    }

    /** A jnats message seen through {@link EventRouter.Incoming}. */
    private record NatsIncoming(Message message, Delivery delivery) implements EventRouter.Incoming {

        NatsIncoming(Message message) {
            this(message, new NatsDelivery(message));
        }

        @Override
        public String subject() {
            return message.getSubject();
        }

        @Override
        public String stream() {
            return message.metaData().getStream();
        }

        @Override
        public String header(String name) {
            Headers headers = message.getHeaders();
            return headers == null ? null : headers.getFirst(name);
        }

        @Override
        public byte[] body() {
            return message.getData() == null ? new byte[0] : message.getData();
        }

        @Override
        public Instant storedAt() {
            return message.metaData().timestamp().toInstant();
        }
    }
}
