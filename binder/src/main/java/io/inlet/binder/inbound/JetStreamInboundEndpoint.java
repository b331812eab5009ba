package io.inlet.binder.inbound;

import io.inlet.binder.NatsAcknowledgment;
import io.inlet.binder.NatsBinderHeaders;
import io.inlet.binder.NatsBinderMetrics;
import io.inlet.binder.NatsHeaderMapper;
import io.inlet.binder.PublishScope;
import io.inlet.binder.properties.NatsConsumerProperties;
import io.inlet.binder.provisioning.NatsConsumerDestination;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
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
 */
public class JetStreamInboundEndpoint extends MessageProducerSupport {

    private static final Log log = LogFactory.getLog(JetStreamInboundEndpoint.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final java.util.function.Supplier<JetStream> jetStream;
    private final NatsConsumerDestination destination;
    private final NatsConsumerProperties properties;
    private final int concurrency;
    private final boolean batchMode;
    private final NatsBinderMetrics.Consumer metrics;
    private final Map<Integer, InFlight> inFlight = new ConcurrentHashMap<>();
    private final boolean autoAck;

    private volatile boolean running;
    private volatile CountDownLatch stopSignal;
    private ExecutorService workers;
    private ScheduledExecutorService heartbeat;

    public JetStreamInboundEndpoint(java.util.function.Supplier<JetStream> jetStream, NatsConsumerDestination destination,
            NatsConsumerProperties properties, int concurrency, boolean batchMode, NatsBinderMetrics.Consumer metrics) {
        this.jetStream = jetStream;
        this.destination = destination;
        this.properties = properties;
        this.concurrency = Math.max(concurrency, 1);
        this.batchMode = batchMode;
        this.metrics = metrics;
        this.autoAck = properties.getAckMode() == NatsConsumerProperties.AckMode.AUTO;
    }

    @Override
    protected void doStart() {
        running = true;
        stopSignal = new CountDownLatch(1);
        AtomicInteger threads = new AtomicInteger();
        String name = "nats-" + destination.consumerName() + "-";
        workers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread thread = new Thread(r, name + threads.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        });
        for (int i = 0; i < concurrency; i++) {
            int worker = i;
            workers.execute(() -> pullLoop(worker));
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
    }

    private void pullLoop(int worker) {
        JetStreamSubscription subscription = null;
        while (running) {
            try {
                if (subscription == null) {
                    subscription = jetStream.get().subscribe(destination.subject(),
                            PullSubscribeOptions.bind(destination.stream(), destination.consumerName()));
                }
                if (batchMode) {
                    List<Message> batch = subscription.fetch(properties.getFetchSize(), properties.getFetchTimeout());
                    if (!batch.isEmpty()) {
                        handleBatch(worker, batch);
                    }
                } else {
                    Iterator<Message> messages = subscription.iterate(properties.getFetchSize(),
                            properties.getFetchTimeout());
                    while (messages.hasNext()) {
                        Message message = messages.next();
                        if (!running) {
                            message.nak();
                            continue;
                        }
                        handleOne(worker, message);
                    }
                }
            } catch (RuntimeException | java.io.IOException | io.nats.client.JetStreamApiException e) {
                if (!running) {
                    break;
                }
                log.warn("Pulling from " + destination.stream() + "/" + destination.consumerName() + " failed ("
                        + e.getMessage() + "); retrying in " + RETRY_PAUSE.toSeconds() + "s");
                subscription = closeQuietly(subscription);
                pause();
            }
        }
        closeQuietly(subscription);
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
            onFailure(message, e, true);
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
            boolean lastChance = properties.getMaxDeliver() > 0
                    && batch.stream().anyMatch(m -> m.metaData().deliveredCount() >= properties.getMaxDeliver());
            if (!lastChance || batch.size() == 1) {
                log.warn("Batch of " + batch.size() + " from " + destination.consumerName() + " failed; naking it: "
                        + rootCause(e).getMessage());
                batch.forEach(m -> onFailure(m, e, batch.size() == 1));
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
                        onFailure(message, single, true);
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
        if (!autoAck) {
            headers.put(NatsBinderHeaders.ACKNOWLEDGMENT, new NatsAcknowledgment(message));
        }
        return headers;
    }

    private void onFailure(Message message, RuntimeException error, boolean logEach) {
        long delivered = message.metaData().deliveredCount();
        if (properties.getMaxDeliver() > 0 && delivered >= properties.getMaxDeliver()) {
            try {
                deadLetter(message, error, delivered);
                message.ack();
                metrics.deadLettered().increment();
                log.error("Dead-lettered " + message.getSubject() + " #" + message.metaData().streamSequence()
                        + " to " + destination.deadLetterSubject() + " after " + delivered + " deliveries: "
                        + rootCause(error).getMessage());
                return;
            } catch (RuntimeException dlqFailure) {
                log.error("Could not dead-letter " + message.getSubject() + " #" + message.metaData().streamSequence()
                        + " (" + dlqFailure.getMessage() + "); it stays in the stream and will be redelivered");
            }
        }
        Duration delay = properties.backoffAfter(delivered);
        message.nakWithDelay(delay);
        metrics.nacked().increment();
        if (!logEach) {
            return;
        }
        log.warn("Handler failed on " + message.getSubject() + " #" + message.metaData().streamSequence()
                + " (delivery " + delivered + " of " + properties.getMaxDeliver() + "), redelivery in " + delay + ": "
                + rootCause(error).getMessage(), log.isDebugEnabled() ? error : null);
    }

    private void deadLetter(Message message, RuntimeException error, long delivered) {
        Headers headers = new Headers();
        if (message.getHeaders() != null) {
            message.getHeaders().forEach((key, values) -> headers.put(key, values));
        }
        Throwable cause = rootCause(error);
        headers.put(NatsBinderHeaders.EXCEPTION_CLASS, cause.getClass().getName());
        headers.put(NatsBinderHeaders.EXCEPTION_MESSAGE, oneLine(String.valueOf(cause.getMessage())));
        headers.put(NatsBinderHeaders.EXCEPTION_CAUSES, oneLine(causes(error)));
        headers.put(NatsBinderHeaders.ORIGINAL_SUBJECT, message.getSubject());
        headers.put(NatsBinderHeaders.ORIGINAL_STREAM, message.metaData().getStream());
        headers.put(NatsBinderHeaders.ORIGINAL_SEQUENCE, Long.toString(message.metaData().streamSequence()));
        headers.put(NatsBinderHeaders.ORIGINAL_CONSUMER, destination.consumerName());
        headers.put(NatsBinderHeaders.DELIVERIES, Long.toString(delivered));
        NatsMessage deadLetter = NatsMessage.builder().subject(destination.deadLetterSubject()).headers(headers)
                .data(message.getData()).build();
        try {
            PublishAck ack = jetStream.get().publishAsync(deadLetter).get(properties.getAckWait().toMillis(),
                    TimeUnit.MILLISECONDS);
            if (ack.getStream() == null) {
                throw new IllegalStateException("no stream confirmed the dead letter");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("dead-letter publish to " + destination.deadLetterSubject() + " failed: "
                    + e.getMessage(), e);
        }
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

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String causes(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null && text.length() < 2000; t = t.getCause() == t ? null : t.getCause()) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    private static String oneLine(String text) {
        String single = text.replace('\r', ' ').replace('\n', ' ');
        return single.length() > 2000 ? single.substring(0, 2000) + "..." : single;
    }

    private record InFlight(List<Message> messages, long startedNanos) {
    }
}
