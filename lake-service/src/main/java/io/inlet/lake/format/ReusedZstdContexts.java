package io.inlet.lake.format;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * ZSTD for Parquet pages on native compression contexts that live as long as the writer, one per file being written
 * at a time.
 *
 * <p>parquet-java's own codec factory compresses every page through a new zstd-jni stream: a native context of a few
 * MB allocated and freed per page (about 20 pages a second in the lake at the bench's rate), outside the Java heap
 * and outside Native Memory Tracking. Here a file's pages share one context, and contexts go back to a pool when the
 * file is closed: the native memory is a few contexts, allocated once. Measured in the bench (BENCHMARKS.md, "Where
 * the half-rate tail comes from"): the lake's RSS and CPU did not change with it, so the swing of its untracked
 * native memory has another source; this only takes the per-page allocation off the write path.
 *
 * <p>The pages are standard zstd frames at the same level (readers see no difference). Other codecs, and all
 * decompression, are parquet-java's.
 */
final class ReusedZstdContexts implements AutoCloseable {

    /** parquet-java's default ZSTD level ({@code parquet.compression.codec.zstd.level}). */
    static final int LEVEL = 3;

    private final ConcurrentLinkedDeque<ZstdCompressCtx> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /** A codec factory for one file: its ZSTD compressor holds a pooled context until the writer releases it. */
    CompressionCodecFactory forOneFile(CompressionCodecFactory others) {
        return new OneFile(others);
    }

    /** Contexts waiting in the pool (for tests). */
    int idleContexts() {
        return idle.size();
    }

    @Override
    public void close() {
        closed = true;
        ZstdCompressCtx context;
        while ((context = idle.poll()) != null) {
            context.close();
        }
    }

    private ZstdCompressCtx borrow() {
        ZstdCompressCtx context = idle.poll();
        return context != null ? context : new ZstdCompressCtx().setLevel(LEVEL);
    }

    private void giveBack(ZstdCompressCtx context) {
        if (closed) {
            context.close();
        } else {
            idle.push(context);
        }
    }

    /**
     * One writer's factory. parquet-java asks it for a compressor per column chunk and compresses their pages one at
     * a time on the writer's thread, so, as its own factory does, it hands every column the same compressor: one
     * context and one output buffer per file, given back when the writer releases the factory.
     */
    private final class OneFile implements CompressionCodecFactory {

        private final CompressionCodecFactory others;
        private PooledCompressor zstd;

        OneFile(CompressionCodecFactory others) {
            this.others = others;
        }

        @Override
        public synchronized BytesInputCompressor getCompressor(CompressionCodecName codec) {
            if (codec != CompressionCodecName.ZSTD) {
                return others.getCompressor(codec);
            }
            if (zstd == null) {
                zstd = new PooledCompressor(borrow());
            }
            return zstd;
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
            return others.getDecompressor(codec);
        }

        @Override
        public synchronized void release() {
            if (zstd != null) {
                zstd.giveBackContext();
                zstd = null;
            }
            others.release();
        }
    }

    /**
     * Compresses a page into a buffer it reuses, as parquet-java's heap compressor does: the page writer copies the
     * result before it compresses the next page.
     */
    private final class PooledCompressor implements CompressionCodecFactory.BytesInputCompressor {

        private ZstdCompressCtx context;
        private byte[] output = new byte[0];

        PooledCompressor(ZstdCompressCtx context) {
            this.context = context;
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            if (context == null) {
                throw new IllegalStateException("the compressor was released");
            }
            byte[] input = bytes.toByteArray();
            int bound = (int) Zstd.compressBound(input.length);
            if (output.length < bound) {
                output = new byte[bound];
            }
            int length = context.compressByteArray(output, 0, output.length, input, 0, input.length);
            return BytesInput.from(output, 0, length);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.ZSTD;
        }

        /** Nothing: the file's factory gives the context back when the writer releases it. */
        @Override
        public void release() {
        }

        void giveBackContext() {
            giveBack(context);
            context = null;
            output = new byte[0];
        }
    }
}
