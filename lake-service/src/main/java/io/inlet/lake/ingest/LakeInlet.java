package io.inlet.lake.ingest;

import io.inlet.binder.NatsAcknowledgment;
import io.inlet.binder.NatsBatch;
import io.inlet.binder.NatsBinderHeaders;
import io.inlet.binder.tracing.FrameTracing;
import io.inlet.binder.tracing.TraceSpan;
import io.inlet.lake.buffer.BufferManager;
import io.inlet.lake.buffer.Delivery;
import io.inlet.lake.buffer.HeldDelivery;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.messaging.Message;

/**
 * The handler of the lake's two bindings ({@code inlet.valid.>} and {@code inlet.errors.>}, batch mode, manual
 * acks): hands each message (a frame) of a batch to the {@link EventRouter}, which puts its events in their
 * buffers, each with the message's {@link HeldDelivery} around its {@link NatsAcknowledgment}. The handler returns
 * without acking; the message is acked once every buffer holding one of its events committed its file (or nak'd,
 * once, when one of those commits failed). A message that cannot be placed now is nak'd with backoff on its own;
 * the handler throws for none of them, so the binder never dead-letters lake input.
 *
 * <p>While buffers and flushes exceed the memory budget the handler waits (at most {@code memoryWait}), so the
 * binder pulls no more; the deliveries of the waiting batch are kept alive by the binder's in-progress signals.
 * When the wait runs out, or the application is stopping, the rest of the batch is handed back (nak).
 *
 * <p>Each frame is placed in a span continuing its trace; the delivery keeps where that span is, so that the commit of
 * a file can link to the frames it holds ({@link io.inlet.lake.commit.FileCommitter}).
 */
public class LakeInlet implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(LakeInlet.class);

    private final EventRouter router;
    private final BufferManager buffers;
    private final Duration memoryWait;
    private final Function<Long, Duration> backoff;
    private final FrameTracing tracing;
    private volatile boolean stopping;

    public LakeInlet(EventRouter router, BufferManager buffers, Duration memoryWait,
                     Function<Long, Duration> backoff) {
        this(router, buffers, memoryWait, backoff, FrameTracing.OFF);
    }

    public LakeInlet(EventRouter router, BufferManager buffers, Duration memoryWait,
                     Function<Long, Duration> backoff, FrameTracing tracing) {
        this.tracing = tracing;
        this.router = router;
        this.buffers = buffers;
        this.memoryWait = memoryWait;
        this.backoff = backoff;
    }

    /** The handler of the validated events' binding. */
    public Consumer<Message<?>> valid() {
        return batch -> accept(batch, router::routeValid);
    }

    /** How one binding's messages are placed. */
    interface Route {
        void accept(EventRouter.Incoming message, HeldDelivery delivery);
    }

    /** The handler of the error envelopes' binding. */
    public Consumer<Message<?>> errors() {
        return batch -> accept(batch, router::routeError);
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        stopping = true;
    }

    void accept(Message<?> batch, Route route) {
        List<NatsBatch.Entry> entries = NatsBatch.of(batch);
        for (int i = 0; i < entries.size(); i++) {
            NatsBatch.Entry entry = entries.get(i);
            NatsAcknowledgment acknowledgment = entry.acknowledgment();
            if (acknowledgment == null) {
                throw new IllegalStateException("the lake's bindings must use the nats binder with consumer.ack-mode="
                        + "manual (no " + NatsBinderHeaders.ACKNOWLEDGMENT + " header)");
            }
            Delivery delivery = new AcknowledgmentDelivery(acknowledgment);
            if (!roomFor(entries.size() - i)) {
                handBack(entries.subList(i, entries.size()));
                return;
            }
            BoundMessage message = new BoundMessage(entry, delivery);
            TraceSpan span = tracing.receiving("lake", entry.subject(), entry.headers());
            HeldDelivery held = new HeldDelivery(delivery, span.ref());
            try {
                route.accept(message, held);
            } catch (RuntimeException e) {
                span.error(e);
                Duration delay = stopping ? Duration.ZERO : backoff.apply(delivery.deliveredCount());
                log.warn("Cannot place {} #{} now ({}); redelivery in {}", message.subject(),
                        delivery.streamSequence(), e.getMessage(), delay);
                try {
                    held.failed(delay);
                } catch (RuntimeException nakFailed) {
                    // Connection gone: the ack wait expires and JetStream redelivers.
                }
            } finally {
                span.close();
                try {
                    held.placed();
                } catch (RuntimeException ackFailed) {
                    // Every buffer committed already but the ack cannot be sent: the redelivery is a duplicate.
                }
            }
        }
    }

    private boolean roomFor(int remaining) {
        try {
            if (buffers.awaitMemory(memoryWait, () -> stopping)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!stopping) {
            log.warn("Buffers stayed above the memory budget for {}; handing {} deliveries back for redelivery",
                    memoryWait, remaining);
        }
        return false;
    }

    private void handBack(List<NatsBatch.Entry> entries) {
        for (NatsBatch.Entry entry : entries) {
            NatsAcknowledgment acknowledgment = entry.acknowledgment();
            if (acknowledgment != null) {
                Delivery delivery = new AcknowledgmentDelivery(acknowledgment);
                nakQuietly(delivery, stopping ? Duration.ZERO : backoff.apply(delivery.deliveredCount()));
            }
        }
    }

    private static void nakQuietly(Delivery delivery, Duration delay) {
        try {
            delivery.nak(delay);
        } catch (RuntimeException e) {
            // Connection gone: the ack wait expires and JetStream redelivers.
        }
    }
}
