package io.inlet.lake.buffer;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The chunks buffered rows' tapes are copied into, reused from one buffer to the next. The lake's heap holds a
 * buffer's worth of rows until each flush; as one small array per row they were objects every young collection
 * copied and, once flushed, garbage filling the old generation (full collections of the whole heap). Pooled chunks
 * of {@value #CHUNK_BYTES} bytes stay where they are and are written over only after the flush of every row in them
 * ended: a buffer gives its chunks back when its flush handler returned, and no row of it is read after that.
 *
 * <p>The pool keeps free chunks only while free and taken chunks together stay within its bound (the memory
 * budget): the chunks in use already count against the budget, and a pool that kept a whole budget of free chunks
 * beside them doubled the lake's live heap (the bench's GC log, 2026-12-02: ~130 MB live of a 256 MB heap after each
 * full collection, a full collection every 1–3 s under load, 21 s of them in one run).
 */
final class TapeChunks {

    static final int CHUNK_BYTES = 64 * 1024;
    /** A tape longer than this keeps an array of its own (a few huge events must not waste chunks). */
    static final int LARGEST_SHARED = CHUNK_BYTES / 8;

    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private final int maxChunks;
    private int taken;

    /**
     * @param maxBytes free chunks are kept for reuse while they and the chunks taken stay within this many bytes;
     *                 more are left to the GC
     */
    TapeChunks(long maxBytes) {
        this.maxChunks = (int) Math.max(0, Math.min(Integer.MAX_VALUE, maxBytes / CHUNK_BYTES));
    }

    synchronized byte[] take() {
        taken++;
        byte[] chunk = free.pollFirst();
        return chunk != null ? chunk : new byte[CHUNK_BYTES];
    }

    /** Gives chunks back; their rows must never be read again. */
    synchronized void give(List<byte[]> chunks) {
        for (byte[] chunk : chunks) {
            taken--;
            if (free.size() + taken < maxChunks) {
                free.addFirst(chunk);
            }
        }
    }

    synchronized int pooled() {
        return free.size();
    }

    synchronized int taken() {
        return taken;
    }

    /** The tapes of one open buffer: rows copied into its chunks, handed back together after its flush. */
    static final class Writer {
        private final TapeChunks chunks;
        private final List<byte[]> taken = new java.util.ArrayList<>();
        private byte[] current;
        private int used;

        Writer(TapeChunks chunks) {
            this.chunks = chunks;
        }

        /** The row with its tape in this buffer's chunks (an error row, or a very long tape, as it is). */
        LakeRow store(LakeRow row) {
            if (!(row instanceof EventRow event) || event.length() > LARGEST_SHARED) {
                return row;
            }
            if (current == null || used + event.length() > current.length) {
                current = chunks.take();
                taken.add(current);
                used = 0;
            }
            EventRow stored = event.copiedTo(current, used);
            used += event.length();
            return stored;
        }

        /** The chunks taken, to give back once no row of the buffer is read any more. */
        List<byte[]> taken() {
            return taken;
        }
    }
}
