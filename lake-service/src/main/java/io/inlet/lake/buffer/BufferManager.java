package io.inlet.lake.buffer;

import io.inlet.lake.schema.TableSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open buffers, one per {@link BufferKey} and set of columns, and the policy that rolls them into files: by rows, by bytes, by
 * age (checked on a timer, so an idle partition still flushes), and by a global memory budget (the largest open
 * buffer is flushed early; the inlet waits while buffers and flushes in progress exceed it). Sealed buffers go to
 * the flush handler on a small pool; the handler settles (acks or naks) their deliveries.
 *
 * <p>Until then the deliveries are held unacknowledged, so they are kept alive: every {@code keepAliveInterval}
 * each delivery held longer than that (in an open buffer, or in one waiting for or in its flush) gets an in-progress
 * signal, which restarts JetStream's ack wait. The ack wait can then be short, and a crashed lake's deliveries come
 * back after it rather than after the longest a buffer may live.
 *
 * <p>Events of schema versions with other columns (producers moving from v1 to v2) wait in buffers of their own and
 * become files of their own: a row is converted once, for its version's columns, and buffered only as that
 * ({@link EventRow}); readers of the table merge files by column name, as they do across any version change.
 */
public final class BufferManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BufferManager.class);

    /**
     * Roll limits, and how often held deliveries are kept alive.
     *
     * @param keepAliveInterval a third of the ack wait or less
     * @param maxOpenPerType    open partitions (keys) of one event type of one lake at most: opening another first
     *                          rolls the type's buffer open longest (reason {@code partitions}), so events scattered
     *                          over many hours (event-time partitions, skewed clocks) cost small files, not memory
     */
    public record Policy(int maxRows, long maxBytes, Duration maxAge, long memoryBudget, Duration checkInterval,
                         Duration keepAliveInterval, int maxOpenPerType) {

        /** No bound on a type's open partitions beyond the memory budget. */
        public Policy(int maxRows, long maxBytes, Duration maxAge, long memoryBudget, Duration checkInterval,
                      Duration keepAliveInterval) {
            this(maxRows, maxBytes, maxAge, memoryBudget, checkInterval, keepAliveInterval, Integer.MAX_VALUE);
        }
    }

    private final Policy policy;
    private final Consumer<SealedBuffer> flushHandler;
    private final ExecutorService flushers;
    private final ScheduledExecutorService timer;
    /** Per key the open buffers, one per set of columns (almost always one). */
    private final Map<BufferKey, List<OpenBuffer>> open = new HashMap<>();
    /** Sealed buffers not yet settled by the flush handler, with the time their first event arrived. */
    private final Map<SealedBuffer, Long> flushing = new java.util.IdentityHashMap<>();
    private final TapeChunks tapeChunks;
    private final java.util.concurrent.atomic.LongAdder keepAliveSignals = new java.util.concurrent.atomic.LongAdder();
    private long openBytes;
    private long flushingBytes;
    private boolean closed;

    public BufferManager(Policy policy, int flushThreads, Consumer<SealedBuffer> flushHandler) {
        this.policy = policy;
        this.flushHandler = flushHandler;
        this.tapeChunks = new TapeChunks(policy.memoryBudget());
        AtomicInteger n = new AtomicInteger();
        this.flushers = Executors.newFixedThreadPool(flushThreads, r -> new Thread(r, "lake-flush-" + n.incrementAndGet()));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "lake-buffer-age");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(policy.checkInterval().toMillis(), 10);
        timer.scheduleWithFixedDelay(this::rollExpired, every, every, TimeUnit.MILLISECONDS);
        long keepAlive = Math.max(policy.keepAliveInterval().toMillis(), 10);
        timer.scheduleWithFixedDelay(this::keepAlive, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
    }

    /**
     * Adds an event to its buffer; the buffer holds the event's delivery until its flush settles it.
     *
     * @param schema  the columns of the event's schema version: those of its buffer and file
     * @param version the event's schema version
     */
    public synchronized void append(BufferKey key, TableSchema schema, int version, BufferedEvent event) {
        if (closed) {
            throw new IllegalStateException("the lake is shutting down");
        }
        OpenBuffer buffer = buffer(key, schema);
        event.delivery().hold();
        LakeRow stored = buffer.tapes.store(event.row());
        buffer.add(stored == event.row() ? event
                : new BufferedEvent(stored, event.delivery(), event.origin(), event.stream()), version);
        openBytes += event.row().estimatedBytes();
        if (buffer.events.size() >= policy.maxRows()) {
            seal(buffer, "rows");
        } else if (buffer.bytes >= policy.maxBytes()) {
            seal(buffer, "bytes");
        }
        if (openBytes + flushingBytes > policy.memoryBudget() && openBytes * 2 >= policy.memoryBudget()) {
            largest().ifPresent(b -> seal(b, "memory"));
        }
    }

    private OpenBuffer buffer(BufferKey key, TableSchema schema) {
        if (!open.containsKey(key)) {
            rollOldestBeyondPartitionLimit(key);
        }
        List<OpenBuffer> buffers = open.computeIfAbsent(key, k -> new ArrayList<>(1));
        for (OpenBuffer buffer : buffers) {
            if (buffer.schema == schema || (buffer.schema != null && schema != null
                    && buffer.schema.root().equals(schema.root()))) {
                return buffer;
            }
        }
        OpenBuffer buffer = new OpenBuffer(key, schema, System.nanoTime(), new TapeChunks.Writer(tapeChunks));
        buffers.add(buffer);
        return buffer;
    }

    /** Before {@code key} opens: rolls the buffer of its event type open longest while the type is at its limit. */
    private void rollOldestBeyondPartitionLimit(BufferKey key) {
        EventTypeKey type = EventTypeKey.of(key);
        while (true) {
            int keys = 0;
            OpenBuffer oldest = null;
            for (Map.Entry<BufferKey, List<OpenBuffer>> entry : open.entrySet()) {
                if (type.holds(entry.getKey())) {
                    keys++;
                    for (OpenBuffer buffer : entry.getValue()) {
                        if (oldest == null || buffer.createdNanos < oldest.createdNanos) {
                            oldest = buffer;
                        }
                    }
                }
            }
            if (keys < policy.maxOpenPerType() || oldest == null) {
                return;
            }
            seal(oldest, "partitions");
        }
    }

    /**
     * Blocks while buffered and flushing events together exceed the memory budget, at most {@code maxWait} and
     * only while {@code abort} says false.
     *
     * @return true when there is room (or the manager is closed, so {@link #append} will refuse), false when the
     *         wait was cut short by the time limit or the abort condition
     */
    public synchronized boolean awaitMemory(Duration maxWait, BooleanSupplier abort) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!closed && openBytes + flushingBytes >= policy.memoryBudget()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || abort.getAsBoolean()) {
                return false;
            }
            if (openBytes > 0 && flushingBytes == 0) {
                largest().ifPresent(b -> seal(b, "memory"));
            }
            wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
        }
        return true;
    }

    /** Bytes held by open and flushing buffers. */
    public synchronized long heldBytes() {
        return openBytes + flushingBytes;
    }

    /** Events waiting in open buffers. */
    public synchronized int openEvents() {
        return openList().stream().mapToInt(b -> b.events.size()).sum();
    }

    public synchronized int openBuffers() {
        return openList().size();
    }

    private List<OpenBuffer> openList() {
        List<OpenBuffer> all = new ArrayList<>();
        open.values().forEach(all::addAll);
        return all;
    }

    /** Free tape chunks waiting for the next buffers (for tests and metrics). */
    public int pooledTapeChunks() {
        return tapeChunks.pooled();
    }

    /** The (lake, event type) pairs that have events in open or flushing buffers now. */
    public synchronized java.util.Set<EventTypeKey> unflushedEventTypes() {
        java.util.Set<EventTypeKey> types = new java.util.HashSet<>();
        open.keySet().forEach(key -> types.add(EventTypeKey.of(key)));
        flushing.keySet().forEach(buffer -> types.add(EventTypeKey.of(buffer.key())));
        return types;
    }

    /**
     * How long ago the oldest event of {@code type} still held here (buffered, or being flushed and not committed
     * yet) was buffered; zero when none is held.
     */
    public synchronized Duration oldestUnflushedAge(EventTypeKey type) {
        long now = System.nanoTime();
        long oldest = 0;
        for (OpenBuffer buffer : openList()) {
            if (type.holds(buffer.key)) {
                oldest = Math.max(oldest, now - buffer.createdNanos);
            }
        }
        for (Map.Entry<SealedBuffer, Long> sealed : flushing.entrySet()) {
            if (type.holds(sealed.getKey().key())) {
                oldest = Math.max(oldest, now - sealed.getValue());
            }
        }
        return Duration.ofNanos(oldest);
    }

    /** One event type of one lake, across its tables and partitions. */
    public record EventTypeKey(Lake lake, String eventType) {

        static EventTypeKey of(BufferKey key) {
            return new EventTypeKey(key.lake(), key.eventType());
        }

        boolean holds(BufferKey key) {
            return key.lake() == lake && key.eventType().equals(eventType);
        }
    }

    /** In-progress signals sent so far. */
    public long keepAliveSignals() {
        return keepAliveSignals.sum();
    }

    /**
     * Sends an in-progress signal for every delivery held longer than the keep-alive interval, each once even when
     * several events (in one buffer or several) share it, none for a delivery already nak'd; runs on the timer.
     * The signals go out after the lock is released.
     */
    void keepAlive() {
        try {
            long threshold = System.nanoTime() - policy.keepAliveInterval().toNanos();
            java.util.Set<HeldDelivery> held = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            synchronized (this) {
                for (OpenBuffer buffer : openList()) {
                    if (buffer.createdNanos <= threshold) {
                        buffer.events.forEach(event -> held.add(event.delivery()));
                    }
                }
                flushing.forEach((buffer, createdNanos) -> {
                    if (createdNanos <= threshold) {
                        buffer.events().forEach(event -> held.add(event.delivery()));
                    }
                });
            }
            for (HeldDelivery delivery : held) {
                if (delivery.settled()) {
                    continue;
                }
                try {
                    delivery.keepAlive();
                    keepAliveSignals.increment();
                } catch (RuntimeException e) {
                    // Connection down: the next round tries again; JetStream allows for two missed rounds.
                }
            }
        } catch (RuntimeException e) {
            log.error("Keeping held deliveries alive failed", e);
        }
    }

    /** Rolls every buffer older than the age limit; runs on the timer. */
    void rollExpired() {
        try {
            synchronized (this) {
                long now = System.nanoTime();
                for (OpenBuffer buffer : openList()) {
                    if (now - buffer.createdNanos >= policy.maxAge().toNanos()) {
                        seal(buffer, "age");
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("Rolling aged buffers failed", e);
        }
    }

    /**
     * Stops taking events; with {@code flush} rolls every open buffer and waits (up to {@code timeout}) for all
     * files to be committed, without it hands the open buffers' deliveries back (nak) for redelivery.
     */
    public void close(boolean flush, Duration timeout) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            timer.shutdownNow();
            for (OpenBuffer buffer : openList()) {
                if (flush) {
                    seal(buffer, "shutdown");
                } else {
                    remove(buffer);
                    buffer.events.forEach(e -> nakQuietly(e.delivery()));
                    tapeChunks.give(buffer.tapes.taken());
                }
            }
            notifyAll();
        }
        flushers.shutdown();
        try {
            if (!flushers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Flushes did not finish within {}; their events stay unacknowledged and will be redelivered",
                        timeout);
                flushers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            flushers.shutdownNow();
        }
    }

    @Override
    public void close() {
        close(true, Duration.ofMinutes(1));
    }

    private Optional<OpenBuffer> largest() {
        return openList().stream().max(Comparator.comparingLong(b -> b.bytes));
    }

    private void remove(OpenBuffer buffer) {
        List<OpenBuffer> buffers = open.get(buffer.key);
        buffers.remove(buffer);
        if (buffers.isEmpty()) {
            open.remove(buffer.key);
        }
    }

    private void seal(OpenBuffer buffer, String reason) {
        remove(buffer);
        openBytes -= buffer.bytes;
        flushingBytes += buffer.bytes;
        SealedBuffer sealed = new SealedBuffer(buffer.key, buffer.schema, List.copyOf(buffer.events), buffer.bytes,
                buffer.minVersion, buffer.maxVersion, reason);
        flushing.put(sealed, buffer.createdNanos);
        List<byte[]> chunks = buffer.tapes.taken();
        log.debug("Rolling {} ({} events, {} bytes, {})", buffer.key, sealed.events().size(), sealed.bytes(), reason);
        flushers.execute(() -> {
            try {
                flushHandler.accept(sealed);
            } catch (RuntimeException | Error e) {
                // The flush handler settles its events itself; this is a failure it did not expect (even an
                // OutOfMemoryError): hand them back now rather than after the ack wait.
                log.error("Flushing {} failed unexpectedly; its {} events are handed back for redelivery",
                        sealed.key(), sealed.events().size(), e);
                sealed.events().forEach(event -> nakQuietly(event.delivery()));
                if (e instanceof Error error) {
                    throw error;
                }
            } finally {
                synchronized (BufferManager.this) {
                    flushing.remove(sealed);
                    flushingBytes -= sealed.bytes();
                    BufferManager.this.notifyAll();
                }
                // The handler returned: no row of the buffer is read again, its chunks take the next buffers' rows.
                tapeChunks.give(chunks);
            }
        });
    }

    private static void nakQuietly(HeldDelivery delivery) {
        try {
            delivery.failed(Duration.ZERO);
        } catch (RuntimeException e) {
            // The delivery will time out and be redelivered anyway.
        }
    }

    private static final class OpenBuffer {
        final BufferKey key;
        final TableSchema schema;
        final long createdNanos;
        final TapeChunks.Writer tapes;
        final List<BufferedEvent> events = new ArrayList<>();
        long bytes;
        int minVersion = Integer.MAX_VALUE;
        int maxVersion = Integer.MIN_VALUE;

        OpenBuffer(BufferKey key, TableSchema schema, long createdNanos, TapeChunks.Writer tapes) {
            this.key = key;
            this.schema = schema;
            this.createdNanos = createdNanos;
            this.tapes = tapes;
        }

        void add(BufferedEvent event, int version) {
            events.add(event);
            bytes += event.row().estimatedBytes();
            minVersion = Math.min(minVersion, version);
            maxVersion = Math.max(maxVersion, version);
        }
    }
}
