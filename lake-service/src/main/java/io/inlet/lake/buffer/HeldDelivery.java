package io.inlet.lake.buffer;

import io.inlet.binder.tracing.SpanRef;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One delivery (one frame) whose events may sit in several buffers (hour partitions, the error lake): acked once
 * every event placed from it is in a committed file, nak'd once when any of their flushes failed.
 *
 * <p>It counts holds: one per buffered event ({@link #hold}, taken by {@link BufferManager#append}) plus the
 * router's own while it still places the frame's events ({@link #placed} releases it), so a buffer that commits
 * before the frame is fully placed cannot ack it early. {@link #committed} releases one event's hold; the last
 * release acks. {@link #failed} naks at once (the frame comes back; the events of it that other buffers commit
 * meanwhile are recognised by their origins and dropped) and every later release does nothing.
 */
public final class HeldDelivery {

    private final Delivery delivery;
    private final SpanRef trace;
    private final AtomicInteger holds = new AtomicInteger(1);
    private final AtomicBoolean settled = new AtomicBoolean();

    public HeldDelivery(Delivery delivery) {
        this(delivery, null);
    }

    /**
     * @param trace where the lake's span of this frame is (the commit of its file links to it), or {@code null}
     */
    public HeldDelivery(Delivery delivery, SpanRef trace) {
        this.delivery = delivery;
        this.trace = trace;
    }

    /** Where the lake's span of this frame is, or {@code null} (tracing off). */
    public SpanRef trace() {
        return trace;
    }

    /** One more event of this delivery is buffered. */
    void hold() {
        holds.incrementAndGet();
    }

    /** The router placed every event of the delivery: its own hold ends. */
    public void placed() {
        release();
    }

    /** The file holding one of its events was committed (or the event was a duplicate of a committed one). */
    public void committed() {
        release();
    }

    /**
     * A flush holding one of its events failed, or the frame cannot be placed now: nak it, once.
     *
     * @return whether this call sent the nak (false: settled before)
     */
    public boolean failed(Duration delay) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        delivery.nak(delay);
        return true;
    }

    /** Acked or nak'd already: no more signals for it. */
    public boolean settled() {
        return settled.get();
    }

    /** Sends an in-progress signal unless the delivery is settled. */
    void keepAlive() {
        if (!settled.get()) {
            delivery.inProgress();
        }
    }

    public long deliveredCount() {
        return delivery.deliveredCount();
    }

    public long streamSequence() {
        return delivery.streamSequence();
    }

    private void release() {
        if (holds.decrementAndGet() == 0 && settled.compareAndSet(false, true)) {
            delivery.ack();
        }
    }

    @Override
    public String toString() {
        return "HeldDelivery[#" + delivery.streamSequence() + ", holds=" + holds.get() + ", settled=" + settled.get()
                + "]";
    }
}
