package io.inlet.lake.buffer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code inlet.lake.unflushed.oldest.age} (by {@code lake} and {@code event_type}): how long the oldest event of each
 * type that the lake holds but has not committed (buffered, or in a file being written and committed) has waited.
 * While files roll on time it stays below {@code buffer.max-age} plus the time a flush takes; it grows past that when
 * a flush hangs (S3 or PostgreSQL not answering) or the flush threads fall behind. (A flush that fails hands its
 * events back for redelivery, and their new buffer starts a new age: failures show on
 * {@code inlet.lake.flush.failures}.) A type gets its gauge at the first {@link #refresh()} after its first event is
 * buffered and keeps it, at zero while nothing of it is held, so a type that stops arriving does not vanish.
 */
public final class UnflushedAgeGauges {

    private final BufferManager buffers;
    private final MeterRegistry meters;
    private final Set<BufferManager.EventTypeKey> registered = ConcurrentHashMap.newKeySet();

    public UnflushedAgeGauges(BufferManager buffers, MeterRegistry meters) {
        this.buffers = buffers;
        this.meters = meters;
    }

    /** Registers the gauges of event types seen since the last call. */
    public void refresh() {
        for (BufferManager.EventTypeKey type : buffers.unflushedEventTypes()) {
            if (registered.add(type)) {
                TimeGauge.builder("inlet.lake.unflushed.oldest.age", buffers, TimeUnit.NANOSECONDS,
                                manager -> manager.oldestUnflushedAge(type).toNanos())
                        .description("Age of the oldest event held and not yet committed")
                        .tag("lake", type.lake().id())
                        .tag("event_type", type.eventType())
                        .register(meters);
            }
        }
    }
}
