package io.inlet.lake.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TapeChunksTest {

    @Test
    void freeAndTakenChunksTogetherStayWithinTheBound() {
        TapeChunks chunks = new TapeChunks(10L * TapeChunks.CHUNK_BYTES);
        List<byte[]> first = take(chunks, 8);
        List<byte[]> second = take(chunks, 6);
        chunks.give(first);
        // 6 still taken: only 4 of the 8 given back are kept, the rest is left to the GC
        assertThat(chunks.taken()).isEqualTo(6);
        assertThat(chunks.pooled()).isEqualTo(4);
        chunks.give(second);
        assertThat(chunks.taken()).isZero();
        assertThat(chunks.pooled()).isEqualTo(10);
    }

    @Test
    void aTakenChunkComesFromThePoolFirst() {
        TapeChunks chunks = new TapeChunks(4L * TapeChunks.CHUNK_BYTES);
        List<byte[]> given = take(chunks, 2);
        chunks.give(given);
        byte[] again = chunks.take();
        assertThat(given).anySatisfy(chunk -> assertThat(chunk).isSameAs(again));
        assertThat(chunks.pooled()).isEqualTo(1);
    }

    private static List<byte[]> take(TapeChunks chunks, int count) {
        List<byte[]> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            taken.add(chunks.take());
        }
        return taken;
    }
}
