package io.inlet.binder.inbound;

import io.inlet.binder.NatsBinderMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one consumer binding is doing, for health and metrics: whether it consumes, since when it does not, why, and
 * when it last received messages. Its pull loops report to it; the health indicator reads {@link #snapshot()}.
 */
public final class ConsumerStatus {

    /** A consumer binding's state. */
    public enum State {
        /** Its pull loops are subscribing for the first time. */
        SUBSCRIBING,
        /** Subscribed; fetches deliver, or there is nothing to deliver. */
        CONSUMING,
        /** Fetches came back empty for longer than {@code stall-timeout} while its consumer had messages waiting. */
        STALLED,
        /** Subscribing (again) or pulling failed; it retries. */
        RESUBSCRIBING,
        /** The binding was stopped. */
        STOPPED
    }

    private final String binding;
    private final String stream;
    private final String consumer;
    private final Duration unhealthyAfter;
    private final NatsBinderMetrics.Consumer metrics;
    private final AtomicLong resubscribes = new AtomicLong();
    private volatile State state = State.SUBSCRIBING;
    private volatile long sinceNanos = System.nanoTime();
    private volatile String reason;

    /**
     * @param unhealthyAfter how long a binding may be {@link State#RESUBSCRIBING} before health reports it
     */
    public ConsumerStatus(String binding, String stream, String consumer, Duration unhealthyAfter,
            NatsBinderMetrics.Consumer metrics) {
        this.binding = binding;
        this.stream = stream;
        this.consumer = consumer;
        this.unhealthyAfter = unhealthyAfter;
        this.metrics = metrics;
    }

    public String binding() {
        return binding;
    }

    /** The JetStream stream the binding consumes from. */
    public String stream() {
        return stream;
    }

    /** The name of its JetStream consumer (the durable, for a binding with a group). */
    public String consumer() {
        return consumer;
    }

    /** The binding starts (again): its loops are about to subscribe. */
    synchronized void starting() {
        enter(State.SUBSCRIBING, null);
    }

    /** Messages arrived. */
    void delivered() {
        metrics.lastDeliveryNanos().set(System.nanoTime());
        if (state != State.CONSUMING) {
            synchronized (this) {
                if (state != State.CONSUMING && state != State.STOPPED) {
                    enter(State.CONSUMING, null);
                }
            }
        }
    }

    /**
     * A pull loop holds a subscription now; {@code why} it subscribed again, or {@code null} for its first one. A
     * stalled binding stays STALLED until messages arrive.
     */
    synchronized void subscribed(NatsBinderMetrics.Resubscribe why) {
        if (why != null) {
            resubscribes.incrementAndGet();
            metrics.resubscribes(why).increment();
        }
        if (state == State.SUBSCRIBING || state == State.RESUBSCRIBING) {
            enter(State.CONSUMING, null);
        }
    }

    /** The consumer has messages waiting but its fetches deliver none. */
    synchronized void stalled(String why) {
        if (state != State.STALLED) {
            enter(State.STALLED, why);
        } else {
            reason = why;
        }
    }

    /** A check found nothing waiting for delivery: an empty fetch is no stall. */
    synchronized void notStalled() {
        if (state == State.STALLED) {
            enter(State.CONSUMING, null);
        }
    }

    /** Subscribing or pulling failed with {@code why}; the loop retries. */
    synchronized void failed(String why) {
        if (state == State.STOPPED) {
            return;
        }
        if (state == State.STALLED || state == State.RESUBSCRIBING) {
            reason = why;
        } else {
            enter(State.RESUBSCRIBING, why);
        }
    }

    synchronized void stopped() {
        enter(State.STOPPED, null);
    }

    /** Whether health should report the binding: STALLED, or RESUBSCRIBING for longer than allowed. */
    public boolean isUnhealthy() {
        State current = state;
        return current == State.STALLED
                || current == State.RESUBSCRIBING && System.nanoTime() - sinceNanos >= unhealthyAfter.toNanos();
    }

    public Snapshot snapshot() {
        long now = System.nanoTime();
        Duration sinceAgo = Duration.ofNanos(now - sinceNanos);
        Duration lastDeliveryAgo = Duration.ofNanos(now - metrics.lastDeliveryNanos().get());
        Instant wallNow = Instant.now();
        return new Snapshot(binding, stream, consumer, state, wallNow.minus(sinceAgo), reason,
                wallNow.minus(lastDeliveryAgo), lastDeliveryAgo, resubscribes.get(), isUnhealthy());
    }

    private void enter(State next, String why) {
        state = next;
        reason = why;
        sinceNanos = System.nanoTime();
    }

    /**
     * @param since        when the binding entered its state
     * @param reason       why it is STALLED or RESUBSCRIBING, else {@code null}
     * @param lastDelivery when it last received messages (before the first: when it was bound)
     * @param resubscribes how often its pull loops subscribed anew
     */
    public record Snapshot(String binding, String stream, String consumer, State state, Instant since, String reason,
            Instant lastDelivery, Duration lastDeliveryAge, long resubscribes, boolean unhealthy) {
    }
}
