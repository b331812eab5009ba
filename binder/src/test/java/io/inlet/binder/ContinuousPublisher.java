package io.inlet.binder;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for tests that break NATS underneath: publishes the ids 0, 1, 2, … as payloads to one subject, a
 * few every tick, each with {@code Nats-Msg-Id: <prefix><id>}, and publishes every id whose PubAck failed or did
 * not come again on the next tick until JetStream confirmed it (the de-duplication id keeps a retried id single).
 */
final class ContinuousPublisher implements AutoCloseable {

    private static final long ACK_WAIT_MILLIS = 2_000;

    private final JetStream js;
    private final String subject;
    private final String messageIdPrefix;
    private final int perTick;
    private final ScheduledExecutorService ticker;
    private final AtomicLong nextId = new AtomicLong();
    private final Set<Long> confirmed = ConcurrentHashMap.newKeySet();
    private final Deque<Long> unconfirmed = new ArrayDeque<>();
    private volatile boolean generating = true;

    ContinuousPublisher(Connection connection, String subject, String messageIdPrefix, int perTick) throws IOException {
        this.js = connection.jetStream();
        this.subject = subject;
        this.messageIdPrefix = messageIdPrefix;
        this.perTick = perTick;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "test-publisher");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Publishes {@code perTick} new ids every {@code tickMillis}, plus the ids still unconfirmed. */
    ContinuousPublisher start(long tickMillis) {
        ticker.scheduleWithFixedDelay(this::tick, 0, tickMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The next id to be published: every id from here on is published after this call. */
    long nextId() {
        return nextId.get();
    }

    /** Stops making new ids; the ones not yet confirmed are still retried. */
    void stopGenerating() {
        generating = false;
    }

    /** Whether every id made so far is confirmed by JetStream. */
    boolean allConfirmed() {
        return confirmed.size() == nextId.get();
    }

    int confirmedCount() {
        return confirmed.size();
    }

    private void tick() {
        List<Long> ids;
        synchronized (unconfirmed) {
            ids = new ArrayList<>(unconfirmed);
            unconfirmed.clear();
        }
        if (generating) {
            for (int i = 0; i < perTick; i++) {
                ids.add(nextId.getAndIncrement());
            }
        }
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(ids.size());
        for (long id : ids) {
            acks.add(publish(id));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACK_WAIT_MILLIS);
        for (int i = 0; i < ids.size(); i++) {
            try {
                long left = Math.max(deadline - System.nanoTime(), 0);
                acks.get(i).get(left, TimeUnit.NANOSECONDS);
                confirmed.add(ids.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                synchronized (unconfirmed) {
                    unconfirmed.add(ids.get(i));
                }
            }
        }
    }

    private CompletableFuture<PublishAck> publish(long id) {
        Headers headers = new Headers();
        headers.put("Nats-Msg-Id", messageIdPrefix + id);
        try {
            return js.publishAsync(NatsMessage.builder().subject(subject).headers(headers)
                    .data(Long.toString(id).getBytes(StandardCharsets.UTF_8)).build());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
