package io.inlet.contracts.frame;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * zstd-jni's native contexts for the frames' bodies, reused: a context is a native allocation of tens to hundreds
 * of KB (outside the heap and Native Memory Tracking) that zstd-jni frees only on {@code close()}, so allocating one
 * per frame would churn native memory at every publish. At most {@link #MAX_IDLE} of each kind wait between uses;
 * a thread that finds none idle makes one, and one given back beyond that bound is closed. Contexts are not
 * thread-safe: each is used by one thread at a time, between {@code borrow} and {@code giveBack}.
 */
final class ZstdContexts<C extends AutoCloseable> {

    static final int MAX_IDLE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    static final ZstdContexts<ZstdCompressCtx> COMPRESSORS =
            new ZstdContexts<>(() -> new ZstdCompressCtx().setLevel(FrameCodec.ZSTD_LEVEL), ZstdCompressCtx::close);
    static final ZstdContexts<ZstdDecompressCtx> DECOMPRESSORS =
            new ZstdContexts<>(ZstdDecompressCtx::new, ZstdDecompressCtx::close);

    private final ConcurrentLinkedDeque<C> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final Supplier<C> factory;
    private final Consumer<C> closer;

    private ZstdContexts(Supplier<C> factory, Consumer<C> closer) {
        this.factory = factory;
        this.closer = closer;
    }

    C borrow() {
        C context = idle.pollFirst();
        if (context == null) {
            return factory.get();
        }
        idleCount.decrementAndGet();
        return context;
    }

    void giveBack(C context) {
        if (idleCount.incrementAndGet() <= MAX_IDLE) {
            idle.offerFirst(context);
        } else {
            idleCount.decrementAndGet();
            closer.accept(context);
        }
    }

    /** Contexts waiting for their next use (for tests). */
    int idle() {
        return idleCount.get();
    }
}
