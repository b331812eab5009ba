package io.inlet.binder;

import io.nats.client.api.PublishAck;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets the publishes made on one thread run ahead without waiting for each PubAck, while keeping
 * the promise that nothing is reported done before JetStream has it.
 *
 * <p>While a scope is open on a thread, the binder's producers publish asynchronously and hand the
 * pending acks to the scope; {@link #awaitAcks()} then waits for all of them and throws if any
 * failed or timed out. At most {@code maxInFlight} acks are pending at once: the next publish
 * first waits for the oldest. Without a scope every publish waits for its own ack.
 *
 * <p>The binder opens a scope around each delivery it hands to a handler and acks the delivery only
 * after {@link #awaitAcks()} returned, so a handler's output is in JetStream before its input is
 * acknowledged. A web endpoint does the same around the sends of one request:
 * <pre>{@code
 * try (PublishScope scope = PublishScope.open(1000)) {
 *     events.forEach(e -> streamBridge.send(destination, e));
 *     scope.awaitAcks();
 * }
 * }</pre>
 */
public final class PublishScope implements AutoCloseable {

    private static final ThreadLocal<PublishScope> CURRENT = new ThreadLocal<>();

    private final int maxInFlight;
    private final PublishScope enclosing;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final List<PublishAck> acks = new ArrayList<>();

    private PublishScope(int maxInFlight, PublishScope enclosing) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.enclosing = enclosing;
    }

    /** Opens a scope on the current thread; scopes nest, the innermost one collects. */
    public static PublishScope open(int maxInFlight) {
        PublishScope scope = new PublishScope(maxInFlight, CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** The scope open on this thread, or {@code null}. */
    public static PublishScope current() {
        return CURRENT.get();
    }

    /** Registers a pending ack; first waits for the oldest one if {@code maxInFlight} are pending. */
    public void track(String subject, CompletableFuture<PublishAck> ack, Duration timeout) {
        while (pending.size() >= maxInFlight) {
            acks.add(await(pending.removeFirst()));
        }
        pending.addLast(new Pending(subject, ack, System.nanoTime() + timeout.toNanos()));
    }

    /** How many acks are still pending. */
    public int inFlight() {
        return pending.size();
    }

    /**
     * Waits for every pending ack.
     *
     * @return the acks of every publish made in this scope since the last call
     * @throws PublishFailedException for the first publish that failed or was not acked in time
     */
    public List<PublishAck> awaitAcks() {
        try {
            while (!pending.isEmpty()) {
                acks.add(await(pending.removeFirst()));
            }
            return List.copyOf(acks);
        } finally {
            acks.clear();
        }
    }

    @Override
    public void close() {
        pending.clear();
        acks.clear();
        if (CURRENT.get() == this) {
            if (enclosing == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(enclosing);
            }
        }
    }

    private static PublishAck await(Pending publish) {
        long remaining = publish.deadlineNanos - System.nanoTime();
        try {
            return publish.ack.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            publish.ack.cancel(false);
            throw new PublishFailedException(publish.subject, "no PubAck in time", e);
        } catch (ExecutionException e) {
            throw new PublishFailedException(publish.subject, Failures.describe(e.getCause()), e.getCause());
        } catch (CancellationException e) {
            throw new PublishFailedException(publish.subject, "the publish was cancelled before its PubAck came", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(publish.subject, "interrupted while waiting for the PubAck", e);
        }
    }

    private record Pending(String subject, CompletableFuture<PublishAck> ack, long deadlineNanos) {
    }
}
