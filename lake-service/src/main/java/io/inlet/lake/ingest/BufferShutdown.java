package io.inlet.lake.ingest;

import io.inlet.lake.buffer.BufferManager;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * Settles the buffers on a graceful stop, after the bindings stopped pulling: with {@code flush-on-shutdown}
 * every open buffer becomes a file and its deliveries are acked, otherwise they are handed back (nak). Its phase
 * is below Spring Cloud Stream's input bindings' (stopped first), so nothing arrives while buffers close.
 */
public class BufferShutdown implements SmartLifecycle {

    /** Below {@code InputBindingLifecycle}'s phase ({@code Integer.MAX_VALUE - 3000}). */
    static final int PHASE = Integer.MAX_VALUE - 4000;

    private final BufferManager buffers;
    private final boolean flush;
    private final Duration timeout;
    private volatile boolean running;

    public BufferShutdown(BufferManager buffers, boolean flush, Duration timeout) {
        this.buffers = buffers;
        this.flush = flush;
        this.timeout = timeout;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        buffers.close(flush, timeout);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
