package io.inlet.contracts.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import io.inlet.contracts.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Property tests of compressed frames (format version 3): round trips, and every damaged one refused clearly. */
class CompressedFrameTest {

    @Test
    void everyFrameReadsBackExactlyFromItsCompressedForm() {
        for (int seed = 0; seed < 1_000; seed++) {
            Random random = new Random(seed);
            EventFrame frame = seed % 2 == 0 ? jsonFrame(random, 1 + random.nextInt(200))
                    : FrameCodecTest.randomFrame(random);
            byte[] plain = FrameCodec.encode(frame);
            byte[] compressed = FrameCodec.compressed(plain);
            assertThat(compressed.length).as("seed %d", seed).isLessThanOrEqualTo(plain.length);
            assertThat(compressed[2]).as("seed %d: version 3 exactly when smaller", seed)
                    .isEqualTo(compressed == plain ? (byte) FrameCodec.PLAIN_VERSION : (byte) FrameCodec.FORMAT_VERSION);
            assertThat(FrameCodec.isFrame(compressed)).isTrue();
            assertThat(FrameCodec.decode(compressed)).as("seed %d", seed).isEqualTo(frame);
        }
    }

    @Test
    void jsonEventsShrinkToAFractionAndIncompressibleOnesStayPlain() {
        byte[] plain = FrameCodec.encode(jsonFrame(new Random(3), 100));
        byte[] compressed = FrameCodec.compressed(plain);
        assertThat(compressed[2]).isEqualTo((byte) 3);
        assertThat(compressed.length).as("100 JSON events of one type").isLessThan(plain.length / 3);

        Random random = new Random(5);
        byte[] noise = new byte[2_000];
        random.nextBytes(noise);
        byte[] incompressible = FrameCodec.encode(EventFrame.events(EventType.of("t"), List.of(new FramedEvent("a",
                Instant.EPOCH, "gateway", null, null, null, null, Map.of(), null, null, noise))));
        assertThat(FrameCodec.compressed(incompressible)).isSameAs(incompressible);
    }

    @Test
    void theSameFrameCompressesToTheSameBytesOnEveryThread() throws Exception {
        List<byte[]> plains = new ArrayList<>();
        for (int seed = 0; seed < 40; seed++) {
            plains.add(FrameCodec.encode(jsonFrame(new Random(seed), 1 + seed * 5)));
        }
        List<byte[]> once = plains.stream().map(FrameCodec::compressed).toList();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<byte[]>>> runs = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                runs.add(threads.submit(() -> plains.stream().map(FrameCodec::compressed).toList()));
            }
            for (Future<List<byte[]>> run : runs) {
                List<byte[]> again = run.get();
                for (int i = 0; i < once.size(); i++) {
                    assertThat(again.get(i)).isEqualTo(once.get(i));
                }
            }
        } finally {
            threads.shutdown();
        }
        assertThat(ZstdContexts.COMPRESSORS.idle()).isBetween(1, ZstdContexts.MAX_IDLE);
    }

    @Test
    void everyTruncationAndEveryChangedByteIsRefusedWithAFrameError() {
        Random random = new Random(7);
        for (int seed = 0; seed < 20; seed++) {
            byte[] bytes = FrameCodec.compressed(FrameCodec.encode(jsonFrame(new Random(seed), 5 + seed * 7)));
            assertThat(bytes[2]).isEqualTo((byte) 3);
            for (int length = 0; length < bytes.length; length++) {
                byte[] truncated = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> FrameCodec.decode(truncated)).as("seed %d, %d of %d bytes", seed, length,
                        bytes.length).isInstanceOf(FrameFormatException.class);
            }
            for (int i = 0; i < bytes.length; i++) {
                byte[] garbled = bytes.clone();
                garbled[i] ^= (byte) (1 + random.nextInt(255));
                assertThatThrownBy(() -> FrameCodec.decode(garbled)).as("seed %d, byte %d", seed, i)
                        .isInstanceOf(FrameFormatException.class);
            }
        }
    }

    /** Damage behind a valid checksum (a writer's bug, or a producer's own frames): still only frame errors. */
    @Test
    void aDamagedBodyBehindAValidChecksumIsRefusedByName() {
        byte[] plain = FrameCodec.encode(jsonFrame(new Random(1), 50));
        byte[] bytes = FrameCodec.compressed(plain);
        byte[] body = Arrays.copyOf(bytes, bytes.length - 4);

        byte[] codec = body.clone();
        codec[4] = 2;
        assertThatThrownBy(() -> FrameCodec.decode(FrameCodecTest.withChecksum(codec)))
                .isInstanceOf(FrameFormatException.class).hasMessage("unknown frame compression codec 2 (this reader "
                        + "knows 1, zstd)");

        byte[] huge = header(FrameCodec.MAX_PLAIN_BYTES + 1L, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> FrameCodec.decode(FrameCodecTest.withChecksum(huge)))
                .isInstanceOf(FrameFormatException.class).hasMessageContaining("declares a plain body of 67108865 "
                        + "bytes");

        int plainBody = plain.length - 8;
        byte[] zstd = Zstd.compress(Arrays.copyOfRange(plain, 4, plain.length - 4), 1);
        assertThatThrownBy(() -> FrameCodec.decode(FrameCodecTest.withChecksum(header(plainBody + 10L, zstd))))
                .isInstanceOf(FrameFormatException.class).hasMessage("compressed frame body inflates to " + plainBody
                        + " bytes; it declares " + (plainBody + 10));
        assertThatThrownBy(() -> FrameCodec.decode(FrameCodecTest.withChecksum(header(plainBody - 10L, zstd))))
                .isInstanceOf(FrameFormatException.class).hasMessageStartingWith("compressed frame body does not "
                        + "inflate");

        Random random = new Random(13);
        for (int i = 0; i < 5_000; i++) {
            byte[] noise = new byte[1 + random.nextInt(300)];
            random.nextBytes(noise);
            if (random.nextBoolean() && noise.length > 4) {
                System.arraycopy(zstd, 0, noise, 0, 4); // zstd's magic, then garbage
            }
            FrameCodecTest.readsOrRefusesClearly(FrameCodecTest.withChecksum(header(1 + random.nextInt(100_000),
                    noise)));
        }
    }

    @Test
    void onlyPlainFramesAreCompressed() {
        byte[] compressed = FrameCodec.compressed(FrameCodec.encode(jsonFrame(new Random(2), 20)));
        assertThatThrownBy(() -> FrameCodec.compressed(compressed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameCodec.compressed("[{}]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A version 3 header of an events frame (without its checksum): codec zstd, the declared length, the body. */
    private static byte[] header(long declared, byte[] body) {
        FrameOutput out = new FrameOutput(16 + body.length).u8('I').u8('F').u8(3).u8(0).u8(1).uvar(declared);
        System.arraycopy(body, 0, out.buffer(), out.length(), body.length);
        return out.skip(body.length).toByteArray();
    }

    /** A frame of JSON events as the gateway writes them: ids, one request, similar documents. */
    static EventFrame jsonFrame(Random random, int count) {
        Instant at = Instant.ofEpochSecond(1_764_000_000L + random.nextInt(1_000_000));
        String request = "req-" + random.nextInt(1_000_000);
        List<FramedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String json = "{\"user_id\":\"u-" + (10_000 + random.nextInt(5_000)) + "\",\"url\":\"https://shop.example"
                    + ".com/p/" + random.nextInt(500) + "?utm_source=" + (random.nextBoolean() ? "google" : "newsletter")
                    + "\",\"duration_ms\":" + random.nextInt(60_000) + "}";
            events.add(new FramedEvent(Long.toHexString(random.nextLong()) + "-" + i, at.plusNanos(random.nextInt(1 << 20)),
                    "gateway", null, null, "key-1", request, Map.of(), Origin.of("INLET_RAW@17", 1_000 + i, 0, 1),
                    null, json.getBytes(StandardCharsets.UTF_8)));
        }
        return EventFrame.events(EventType.of("page.viewed"), events);
    }
}
