package io.inlet.binder.inbound;

import io.inlet.binder.Failures;
import io.inlet.binder.NatsAcknowledgment;
import io.inlet.binder.NatsBinderHeaders;
import io.inlet.binder.NatsBinderMetrics;
import io.inlet.binder.NatsHeaderMapper;
import io.inlet.binder.PublishScope;
import io.inlet.binder.connection.NatsConnectionProvider;
import io.inlet.binder.properties.NatsConsumerProperties;
import io.inlet.binder.provisioning.NatsConsumerDestination;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Pulls from one JetStream consumer and hands each message (or, in batch mode, each fetched batch)
 * to the binding's handler on the pulling thread. A delivery is acked only after the handler
 * returned and every message it published meanwhile was confirmed by JetStream (a
 * {@link PublishScope} is open around the handler). A failure naks with the configured backoff;
 * the delivery that reaches {@code maxDeliver} is published to the dead-letter subject with the
 * exception in its headers, and acked only once that publish is confirmed.
 *
 * <p>A pull subscription is not trusted to deliver forever: each pull loop subscribes anew after every reconnect of
 * the connection, and when fetches stay empty for {@code stall-timeout} while JetStream says the consumer has messages
 * waiting ({@link StallDetector}), every loop resubscribes and the binding reports STALLED until messages arrive. A
 * JetStream request that times out although the connection reports CONNECTED makes the connection check itself
 * ({@link NatsConnectionProvider#recoverIfUnresponsive(String)}). The binding's {@link ConsumerStatus} says what it
 * is doing.
 */
public class JetStreamInboundEndpoint extends MessageProducerSupport {

    private static final Log log = LogFactory.getLog(JetStreamInboundEndpoint.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final NatsConnectionProvider connection;
    private final Supplier<JetStream> jetStream;
    private final NatsConsumerDestination destination;
    private final NatsConsumerProperties properties;
    private final int concurrency;
    private final boolean batchMode;
    private final NatsBinderMetrics.Consumer metrics;
    private final ConsumerStatus status;
    private final StallDetector stall;
    private final StallCheck stallCheck;
    private final FailedDeliveries failures;
    private final Map<Integer, InFlight> inFlight = new ConcurrentHashMap<>();
    private final boolean autoAck;

    private volatile boolean running;
    /** {@code <stream>@<created, epoch millis>}, read at each subscribe; see {@link NatsBinderHeaders#STREAM_INCARNATION}. */
    private volatile String streamIncarnation;
    private volatile CountDownLatch stopSignal;
    private ExecutorService workers;
    private ScheduledExecutorService heartbeat;

    /**
     * @param jetStream the binder's JetStream context on {@code connection}
     * @param status    where the binding reports what it is doing (its health)
     */
    public JetStreamInboundEndpoint(NatsConnectionProvider connection, Supplier<JetStream> jetStream,
            NatsConsumerDestination destination, NatsConsumerProperties properties, int concurrency, boolean batchMode,
            NatsBinderMetrics.Consumer metrics, ConsumerStatus status) {
        this.connection = connection;
        this.jetStream = jetStream;
        this.destination = destination;
        this.properties = properties;
        this.concurrency = Math.max(concurrency, 1);
        this.batchMode = batchMode;
        this.metrics = metrics;
        this.status = status;
        this.stall = new StallDetector(properties.getStallTimeout(), properties.getStallCheckInterval(),
                System::nanoTime);
        this.stallCheck = new StallCheck(connection, destination, stall, status);
        this.failures = new FailedDeliveries(properties, metrics,
                new DeadLetters(jetStream, destination, properties.getAckWait()));
        this.autoAck = properties.getAckMode() == NatsConsumerProperties.AckMode.AUTO;
    }

    @Override
    protected void doStart() {
        running = true;
        stopSignal = new CountDownLatch(1);
        status.starting();
        stall.active();
        AtomicInteger threads = new AtomicInteger();
        String name = "nats-" + destination.consumerName() + "-";
        workers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread thread = new Thread(r, name + threads.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        });
        for (int i = 0; i < concurrency; i++) {
            workers.execute(new PullLoop(i));
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name + "in-progress");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(properties.getInProgressInterval().toMillis() / 2, 50);
        heartbeat.scheduleAtFixedRate(this::signalInProgress, every, every, TimeUnit.MILLISECONDS);
    }

    /** Stops pulling, lets the deliveries being handled finish (up to the shutdown timeout), then returns. */
    @Override
    protected void doStop() {
        running = false;
        stopSignal.countDown();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(properties.getShutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Handlers of " + destination.consumerName() + " did not finish within "
                        + properties.getShutdownTimeout() + "; their deliveries will be redelivered");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        heartbeat.shutdownNow();
        status.stopped();
    }

    /**
     * One pull loop: subscribes, fetches and hands over what it got, on one thread. It renews its subscription after a
     * reconnect, after a stall and after a failure.
     */
    private final class PullLoop implements Runnable {

        private final int worker;
        private JetStreamSubscription subscription;
        private long reconnectsAtSubscribe;
        private long generationAtSubscribe;
        /** Why the next subscription is made; {@code null} while the loop has not had one yet. */
        private NatsBinderMetrics.Resubscribe renewal;

        PullLoop(int worker) {
            this.worker = worker;
        }

        @Override
        public void run() {
            while (running) {
                try {
                    dropIfOutdated();
                    if (subscription == null) {
                        subscribe();
                    }
                    if (!pull()) {
                        stallCheck.afterEmptyFetch();
                    }
                } catch (RuntimeException | IOException | JetStreamApiException e) {
                    if (!running) {
                        break;
                    }
                    failed(e);
                }
            }
            subscription = closeQuietly(subscription);
        }

        private void dropIfOutdated() {
            if (subscription == null) {
                return;
            }
            if (connection.reconnects() != reconnectsAtSubscribe) {
                log.info("NATS reconnected; " + consumerRef() + " subscribes anew");
                renew(NatsBinderMetrics.Resubscribe.RECONNECTED);
            } else if (stall.generation() != generationAtSubscribe) {
                renew(NatsBinderMetrics.Resubscribe.STALLED);
            }
        }

        private void subscribe() throws IOException, JetStreamApiException {
            long reconnects = connection.reconnects();
            long generation = stall.generation();
            subscription = jetStream.get().subscribe(destination.subject(),
                    PullSubscribeOptions.bind(destination.stream(), destination.consumerName()));
            streamIncarnation = destination.stream() + "@" + connection.management()
                    .getStreamInfo(destination.stream()).getCreateTime().toInstant().toEpochMilli();
            reconnectsAtSubscribe = reconnects;
            generationAtSubscribe = generation;
            stall.active();
            status.subscribed(renewal);
            renewal = null;
        }

        /** One fetch; whether it delivered anything. */
        private boolean pull() {
            if (batchMode) {
                List<Message> batch = subscription.fetch(properties.getFetchSize(), properties.getFetchTimeout());
                if (batch.isEmpty()) {
                    return false;
                }
                received();
                handleBatch(worker, batch);
                return true;
            }
            Iterator<Message> messages = subscription.iterate(properties.getFetchSize(), properties.getFetchTimeout());
            boolean any = false;
            while (messages.hasNext()) {
                Message message = messages.next();
                if (!any) {
                    any = true;
                    received();
                }
                if (!running) {
                    message.nak();
                    continue;
                }
                handleOne(worker, message);
            }
            return any;
        }

        private void failed(Exception e) {
            String why = Failures.describe(e);
            log.warn("Pulling from " + consumerRef() + " failed (" + why + "); retrying in " + RETRY_PAUSE.toSeconds()
                    + "s");
            if (subscription != null) {
                renew(NatsBinderMetrics.Resubscribe.FAILED);
            }
            status.failed(why);
            if (e instanceof IOException) {
                // JetStream did not answer (bind asks for the consumer's info): is the connection itself still alive?
                connection.recoverIfUnresponsive("subscribing to " + consumerRef() + " timed out");
            }
            pause();
        }

        private void renew(NatsBinderMetrics.Resubscribe why) {
            subscription = closeQuietly(subscription);
            if (renewal == null || why == NatsBinderMetrics.Resubscribe.STALLED) {
                renewal = why;
            }
        }
    }

    private void received() {
        stall.active();
        status.delivered();
    }

    private String consumerRef() {
        return destination.stream() + "/" + destination.consumerName();
    }

    private void handleOne(int worker, Message message) {
        metrics.delivered().increment();
        metrics.pending().set(message.metaData().pendingCount());
        inFlight.put(worker, new InFlight(List.of(message), System.nanoTime()));
        try {
            dispatch(MessageBuilder.withPayload(message.getData() == null ? new byte[0] : message.getData())
                    .copyHeaders(headersOf(message)).build());
            if (autoAck) {
                message.ack();
                metrics.acked().increment();
            }
        } catch (RuntimeException e) {
            failures.failed(message, e, true);
        } finally {
            inFlight.remove(worker);
        }
    }

    private void handleBatch(int worker, List<Message> batch) {
        metrics.delivered().increment(batch.size());
        metrics.pending().set(batch.get(batch.size() - 1).metaData().pendingCount());
        inFlight.put(worker, new InFlight(batch, System.nanoTime()));
        try {
            dispatch(batchMessage(batch));
            if (autoAck) {
                batch.forEach(Message::ack);
                metrics.acked().increment(batch.size());
            }
        } catch (RuntimeException e) {
            boolean lastChance = failures.lastChanceFor(batch);
            if (!lastChance || batch.size() == 1) {
                log.warn("Batch of " + batch.size() + " from " + consumerRef() + " failed; naking it: "
                        + Failures.describe(e));
                batch.forEach(m -> failures.failed(m, e, batch.size() == 1));
            } else {
                // Find the poison: one message at a time, so only those that still fail are dead-lettered.
                log.warn("Batch of " + batch.size() + " from " + destination.consumerName()
                        + " failed at its last delivery; retrying its messages one by one");
                for (Message message : batch) {
                    try {
                        dispatch(batchMessage(List.of(message)));
                        if (autoAck) {
                            message.ack();
                            metrics.acked().increment();
                        }
                    } catch (RuntimeException single) {
                        failures.failed(message, single, true);
                    }
                }
            }
        } finally {
            inFlight.remove(worker);
        }
    }

    /** Sends to the handler and waits until all it published is confirmed; any failure is thrown. */
    private void dispatch(org.springframework.messaging.Message<?> message) {
        try (PublishScope scope = PublishScope.open(properties.getMaxPublishesInFlight())) {
            sendMessage(message);
            scope.awaitAcks();
        }
    }

    private org.springframework.messaging.Message<List<byte[]>> batchMessage(List<Message> batch) {
        List<byte[]> payloads = new ArrayList<>(batch.size());
        List<Map<String, Object>> headers = new ArrayList<>(batch.size());
        for (Message message : batch) {
            payloads.add(message.getData() == null ? new byte[0] : message.getData());
            headers.add(headersOf(message));
        }
        return MessageBuilder.withPayload(payloads)
                .setHeader(BinderHeaders.BATCH_HEADERS, headers)
                .setHeader(NatsBinderHeaders.SUBJECT, destination.subject())
                .build();
    }

    private Map<String, Object> headersOf(Message message) {
        Map<String, Object> headers = NatsHeaderMapper.toSpring(message);
        String incarnation = streamIncarnation;
        if (incarnation != null && incarnation.startsWith(message.metaData().getStream() + "@")) {
            headers.put(NatsBinderHeaders.STREAM_INCARNATION, incarnation);
        }
        if (!autoAck) {
            headers.put(NatsBinderHeaders.ACKNOWLEDGMENT, new NatsAcknowledgment(message));
        }
        return headers;
    }

    private void signalInProgress() {
        long threshold = properties.getInProgressInterval().toNanos();
        long now = System.nanoTime();
        for (InFlight work : inFlight.values()) {
            if (now - work.startedNanos() >= threshold) {
                for (Message message : work.messages()) {
                    try {
                        message.inProgress();
                    } catch (RuntimeException e) {
                        log.debug("in-progress signal failed: " + e.getMessage());
                    }
                }
            }
        }
    }

    private void pause() {
        try {
            stopSignal.await(RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JetStreamSubscription closeQuietly(JetStreamSubscription subscription) {
        if (subscription != null) {
            try {
                subscription.unsubscribe();
            } catch (RuntimeException e) {
                log.debug("unsubscribe failed: " + e.getMessage());
            }
        }
        return null;
    }

    private record InFlight(List<Message> messages, long startedNanos) {
    }
}
