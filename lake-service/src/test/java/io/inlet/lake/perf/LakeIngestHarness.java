package io.inlet.lake.perf;

import io.inlet.contracts.EventType;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Origin;
import io.inlet.lake.buffer.BufferManager;
import io.inlet.lake.buffer.BufferedEvent;
import io.inlet.lake.buffer.HeldDelivery;
import io.inlet.lake.buffer.SealedBuffer;
import io.inlet.lake.format.ParquetFileWriter;
import io.inlet.lake.schema.TableResolver;
import io.inlet.lake.ingest.EventRouter;
import io.inlet.lake.support.NoDelivery;
import io.inlet.lake.support.TestRegistry;
import io.inlet.registryclient.RegistryClient;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lake-only cost per event: frames of page.viewed events (shaped as the bench's, ~300 bytes) through the real
 * EventRouter, BufferManager and ParquetFileWriter (ZSTD, local temporary files, deleted), no NATS, S3 or
 * PostgreSQL. Reports process CPU per event, allocation per event (all threads) and GC time.
 *
 * <p>Run with the test classpath: {@code java -Xmx256m -XX:+UseSerialGC -cp ... io.inlet.lake.perf.LakeIngestHarness
 * [events] [warm-up events]}.
 */
public final class LakeIngestHarness {

    static final String SCHEMA = """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","title":"page.viewed","type":"object",\
            "additionalProperties":false,"required":["user_id","url","viewed_at"],"properties":{\
            "user_id":{"type":"string","minLength":1,"maxLength":64},"session_id":{"type":"string"},\
            "url":{"type":"string","format":"uri","maxLength":2048},"referrer":{"type":["string","null"]},\
            "viewed_at":{"type":"string","format":"date-time"},"duration_ms":{"type":"integer","minimum":0}}}""";
    private static final String[] SOURCES = {"newsletter", "google", "facebook", "instagram", "partner", "direct"};
    private static final String[] REFERRERS = {"https://www.google.com/", "https://www.bing.com/search?q=shoes",
        "https://t.co/abc123"};
    private static final int FRAME_EVENTS = 100;

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 600_000;
        try (TestRegistry registry = new TestRegistry()) {
            registry.register("page.viewed", SCHEMA);
            TableResolver tables = new TableResolver(RegistryClient.builder(registry.url()).build());
            Path dir = Files.createTempDirectory("lake-harness");
            ParquetFileWriter writer = new ParquetFileWriter("ZSTD", 128L * 1024 * 1024, dir);
            AtomicLong rows = new AtomicLong();
            AtomicLong fileBytes = new AtomicLong();
            long maxHeap = Runtime.getRuntime().maxMemory();
            BufferManager buffers = new BufferManager(new BufferManager.Policy(1_000_000, 256L << 20,
                    Duration.ofMinutes(5), maxHeap / 4, Duration.ofSeconds(1), Duration.ofSeconds(20)), 2,
                    sealed -> flush(writer, sealed, rows, fileBytes));
            EventRouter router = new EventRouter(tables, buffers, "inlet.valid", "inlet.errors");
            List<byte[]> frames = frames(400);
            long jsonBytes = 0;
            for (byte[] f : frames) {
                jsonBytes += f.length;
            }
            run(router, buffers, frames, warmUp, 0);
            System.gc();
            long rows0 = rows.get();
            long bytes0 = fileBytes.get();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long cpu0 = os.getProcessCpuTime();
            long alloc0 = allocated(threads);
            long gc0 = gcMillis();
            long t0 = System.nanoTime();
            run(router, buffers, frames, events, warmUp);
            buffers.close(true, Duration.ofMinutes(2));
            long wall = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            long alloc = allocated(threads) - alloc0;
            long gc = gcMillis() - gc0;
            long written = rows.get() - rows0;
            System.out.printf("events %d (rows written %d), wall %.2f s, %.0f events/s%n", events, written,
                    wall / 1e9, events / (wall / 1e9));
            System.out.printf("CPU %.2f us/event, allocated %.0f bytes/event, GC %d ms (%.0f %% of CPU)%n",
                    cpu / 1e3 / events, (double) alloc / events, gc, 100.0 * gc * 1e6 / cpu);
            System.out.printf("Parquet %.1f %% of the JSON bytes (frame bytes per event %.0f), heap max %d MB%n",
                    100.0 * (fileBytes.get() - bytes0) / (jsonBytes / (double) frames.size() / FRAME_EVENTS * written),
                    jsonBytes / (double) frames.size() / FRAME_EVENTS, maxHeap >> 20);
        }
    }

    private static void run(EventRouter router, BufferManager buffers, List<byte[]> frames, int events, long first)
            throws InterruptedException {
        long n = first / FRAME_EVENTS;
        for (int placed = 0; placed < events; placed += FRAME_EVENTS, n++) {
            if (!buffers.awaitMemory(Duration.ofMinutes(1), () -> false)) {
                throw new IllegalStateException("memory wait ran out");
            }
            byte[] body = frames.get((int) (n % frames.size()));
            long seq = n + 1;
            HeldDelivery delivery = new HeldDelivery(new NoDelivery(seq));
            router.routeValid(new Message(body, seq), delivery);
            delivery.placed();
        }
    }

    private static void flush(ParquetFileWriter writer, SealedBuffer sealed, AtomicLong rows, AtomicLong bytes) {
        Path file = writer.writeRows(sealed.schema(), sealed.events().stream().map(BufferedEvent::row).iterator(),
                Map.of("inlet.table", sealed.key().table()));
        try {
            bytes.addAndGet(Files.size(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ParquetFileWriter.deleteQuietly(file);
        rows.addAndGet(sealed.events().size());
        sealed.events().forEach(e -> e.delivery().committed());
    }

    /** Frames as the pipeline publishes them: 100 validated page.viewed events each, with origins. */
    private static List<byte[]> frames(int count) {
        SplittableRandom random = new SplittableRandom(7);
        List<byte[]> frames = new ArrayList<>(count);
        Instant received = Instant.parse("2026-12-01T13:00:00Z");
        long index = 0;
        for (int f = 0; f < count; f++) {
            List<FramedEvent> events = new ArrayList<>(FRAME_EVENTS);
            for (int i = 0; i < FRAME_EVENTS; i++, index++) {
                byte[] json = event(random, index).getBytes(StandardCharsets.UTF_8);
                events.add(new FramedEvent("0192f0c4-7e3a-7b6d-9a1e-" + String.format("%012d", index),
                        received.plusMillis(index / 100), "gateway", 1, 101L, "key-1", "req-" + f, Map.of(),
                        Origin.of("INLET_RAW@1764590000000", f + 1, i, FRAME_EVENTS), null, json));
            }
            frames.add(FrameCodec.encode(EventFrame.events(EventType.of("page.viewed"), events)));
        }
        return frames;
    }

    private static String event(SplittableRandom random, long index) {
        int user = random.nextInt(20_000);
        String head = "{\"user_id\":\"u-" + (10_000 + user) + "\",\"session_id\":\"s-" + Integer.toHexString(user * 31)
                + "\",\"url\":\"https://shop.example.com/p/" + (1000 + random.nextInt(500)) + "?utm_source="
                + SOURCES[random.nextInt(SOURCES.length)] + "&utm_medium=email&utm_campaign=winter-sale";
        String tail = "\",\"referrer\":" + (index % 3 == 0 ? "null" : "\"" + REFERRERS[random.nextInt(3)] + "\"")
                + ",\"viewed_at\":\"" + Instant.ofEpochMilli(1_795_000_000_000L + index * 7) + "\",\"duration_ms\":"
                + random.nextInt(60_000) + "}";
        StringBuilder json = new StringBuilder(head);
        while (json.length() + tail.length() < 300) {
            json.append("&utm_content=shoes-banner-").append(random.nextInt(12));
        }
        return json.append(tail).toString();
    }

    private static long allocated(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            long a = threads.getThreadAllocatedBytes(id);
            if (a > 0) {
                sum += a;
            }
        }
        return sum;
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += gc.getCollectionTime();
        }
        return sum;
    }

    private record Message(byte[] body, long streamSequence) implements EventRouter.Incoming {
        @Override
        public String subject() {
            return "inlet.valid.page.viewed";
        }

        @Override
        public String stream() {
            return "INLET_VALID";
        }

        @Override
        public String streamIncarnation() {
            return "INLET_VALID@1764590000001";
        }

        @Override
        public String publisherMessageId() {
            return null;
        }

        @Override
        public Instant storedAt() {
            return null;
        }
    }
}
