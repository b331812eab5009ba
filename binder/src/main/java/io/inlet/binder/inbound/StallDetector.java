package io.inlet.binder.inbound;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Tells the pull loops of one binding when their subscription may have gone deaf: a pull subscription can survive a
 * reconnect, or lose its interest on the server, and then simply fetch nothing while messages pile up. An empty fetch
 * alone proves nothing (the stream may be idle), so once fetches have been empty for {@code stallTimeout} one loop
 * asks JetStream about the consumer, at most every {@code checkInterval}; {@link #messagesWaiting} decides from the
 * answer. A stall renews every loop's subscription: {@link #resubscribeAll()} moves the generation the loops compare
 * with the one they subscribed at.
 */
final class StallDetector {

    private final long timeoutNanos;
    private final long checkIntervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextCheckNanos = new AtomicLong();
    private final AtomicLong generation = new AtomicLong();
    private volatile long activeNanos;

    /**
     * @param stallTimeout  how long fetches may be empty before the consumer is checked; zero or less: never
     * @param checkInterval the least time between two checks
     */
    StallDetector(Duration stallTimeout, Duration checkInterval, LongSupplier nanoClock) {
        this.timeoutNanos = stallTimeout.toNanos();
        this.checkIntervalNanos = Math.max(checkInterval.toNanos(), 0);
        this.nanoClock = nanoClock;
        this.activeNanos = nanoClock.getAsLong();
    }

    /** Messages arrived, or a loop subscribed: the quiet period starts again. */
    void active() {
        activeNanos = nanoClock.getAsLong();
    }

    /** After an empty fetch: whether this caller should check the consumer now (only one caller is told so). */
    boolean checkDue() {
        if (timeoutNanos <= 0) {
            return false;
        }
        long now = nanoClock.getAsLong();
        if (now - activeNanos < timeoutNanos) {
            return false;
        }
        long next = nextCheckNanos.get();
        return now - next >= 0 && nextCheckNanos.compareAndSet(next, now + checkIntervalNanos);
    }

    /** How long fetches have delivered nothing. */
    Duration quietFor() {
        return Duration.ofNanos(nanoClock.getAsLong() - activeNanos);
    }

    /**
     * Whether a consumer in this state should be delivering: it has messages not yet delivered and room for more
     * unacknowledged ones ({@code maxAckPending} zero or less: no limit). At its max-ack-pending it waits for acks,
     * which is no stall.
     */
    static boolean messagesWaiting(long numPending, long numAckPending, long maxAckPending) {
        return numPending > 0 && (maxAckPending <= 0 || numAckPending < maxAckPending);
    }

    /** Every loop is to subscribe anew before its next fetch. */
    void resubscribeAll() {
        generation.incrementAndGet();
        active();
    }

    /** Moves on each {@link #resubscribeAll()}. */
    long generation() {
        return generation.get();
    }
}
