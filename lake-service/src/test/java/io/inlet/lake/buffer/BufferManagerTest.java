package io.inlet.lake.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.frame.Origin;
import io.inlet.lake.schema.TableSchema;
import io.inlet.lake.partition.Partition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BufferManagerTest {

    private static final BufferKey A = new BufferKey(Lake.DATA, "a", "a", Partition.of(Instant.EPOCH));
    private static final BufferKey B = new BufferKey(Lake.DATA, "b", "b", Partition.of(Instant.EPOCH));
    private static final BufferKey A_NEXT_HOUR = new BufferKey(Lake.DATA, "a", "a",
            Partition.of(Instant.EPOCH.plusSeconds(3600)));
    private static final Origin ORIGIN = Origin.of("RAW@1", 1, 0, 1);

    private final List<SealedBuffer> flushed = new CopyOnWriteArrayList<>();

    @Test
    void rollsByRows() {
        try (BufferManager buffers = manager(3, 1_000_000, Duration.ofHours(1), 100_000_000)) {
            for (int i = 0; i < 7; i++) {
                buffers.append(A, null, 1, event("e" + i, 10));
            }
            await().until(() -> flushed.size() == 2);
            assertThat(flushed).allSatisfy(b -> {
                assertThat(b.events()).hasSize(3);
                assertThat(b.reason()).isEqualTo("rows");
            });
            assertThat(buffers.openBuffers()).isEqualTo(1);
        }
    }

    @Test
    void rollsAnIdleBufferByAgeWithoutNewEvents() {
        try (BufferManager buffers = manager(1000, 1_000_000, Duration.ofMillis(200), 100_000_000)) {
            buffers.append(A, null, 1, event("e1", 10));
            await().atMost(Duration.ofSeconds(5)).until(() -> flushed.size() == 1);
            assertThat(flushed.get(0).reason()).isEqualTo("age");
            assertThat(buffers.openBuffers()).isZero();
        }
    }

    @Test
    void overTheMemoryBudgetTheLargestBufferIsFlushedFirst() {
        try (BufferManager buffers = manager(1000, 1_000_000, Duration.ofHours(1), 3_000)) {
            buffers.append(B, null, 1, event("b1", 100));
            for (int i = 0; i < 5; i++) {
                buffers.append(A, null, 1, event("a" + i, 500));
            }
            await().until(() -> !flushed.isEmpty());
            assertThat(flushed).allSatisfy(buffer -> {
                assertThat(buffer.key()).isEqualTo(A);
                assertThat(buffer.reason()).isEqualTo("memory");
            });
            assertThat(buffers.openBuffers()).as("B stays open").isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void eventsOfOtherColumnsWaitInBuffersOfTheirOwn() {
        String x = "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}}}";
        TableSchema v1 = TableSchema.forEvents(io.inlet.columns.JsonSchemaMapper.map(x));
        TableSchema v2 = TableSchema.forEvents(io.inlet.columns.JsonSchemaMapper.map(
                x.replace("}}}", "},\"y\":{\"type\":\"integer\"}}}")));
        TableSchema v3 = TableSchema.forEvents(io.inlet.columns.JsonSchemaMapper.map(x));
        try (BufferManager buffers = manager(3, 1_000_000, Duration.ofHours(1), 100_000_000)) {
            buffers.append(A, v1, 1, event("e1", 10));
            buffers.append(A, v2, 2, event("e2", 10));
            buffers.append(A, v3, 3, event("e3", 10));
            assertThat(buffers.openBuffers()).as("v3 has v1's columns and joins its buffer").isEqualTo(2);
            buffers.append(A, v1, 1, event("e4", 10));
            await().until(() -> flushed.size() == 1);
            SealedBuffer sealed = flushed.get(0);
            assertThat(sealed.schema()).isSameAs(v1);
            assertThat(sealed.events()).extracting(e -> id(e.row())).containsExactly("e1", "e3", "e4");
            assertThat(sealed.minSchemaVersion()).isEqualTo(1);
            assertThat(sealed.maxSchemaVersion()).isEqualTo(3);
            assertThat(buffers.openBuffers()).as("v2's buffer stays open").isEqualTo(1);
            assertThat(buffers.openEvents()).isEqualTo(1);
        }
    }

    @Test
    void tapesOfABufferInFlightAreNeverWrittenOverAndItsChunksServeTheNextBuffersOnlyAfterItsFlush()
            throws Exception {
        CountDownLatch inFlush = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<String>> seen = new CopyOnWriteArrayList<>();
        List<SealedBuffer> sealedBuffers = new CopyOnWriteArrayList<>();
        BufferManager buffers = new BufferManager(new BufferManager.Policy(500, 100_000_000, Duration.ofHours(1),
                100_000_000, Duration.ofMillis(20), Duration.ofHours(1)), 2, sealed -> {
                    sealedBuffers.add(sealed);
                    if (sealed.key().equals(A)) {
                        inFlush.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    seen.add(sealed.events().stream().map(e -> id(e.row())).toList());
                });
        try (buffers) {
            for (int i = 0; i < 500; i++) {
                buffers.append(A, null, 1, event("a-" + i, 300));
            }
            assertThat(inFlush.await(10, TimeUnit.SECONDS)).isTrue();
            SealedBuffer held = sealedBuffers.get(0);
            assertThat(held.events()).allSatisfy(e -> assertThat(((EventRow) e.row()).tape().length)
                    .as("shared chunks").isEqualTo(TapeChunks.CHUNK_BYTES));
            for (int i = 0; i < 500; i++) {
                buffers.append(B, null, 1, event("b-" + i, 300)); // while A's flush still reads its rows
            }
            await().until(() -> seen.size() == 1);
            java.util.Set<byte[]> chunksOfA = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            held.events().forEach(e -> chunksOfA.add(((EventRow) e.row()).tape()));
            assertThat(sealedBuffers.get(1).events()).as("B's rows went to other chunks than A's in flight")
                    .noneMatch(e -> chunksOfA.contains(((EventRow) e.row()).tape()));
            assertThat(held.events()).extracting(e -> id(e.row())).as("A's rows, untouched by B's")
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 500).mapToObj(i -> "a-" + i)
                            .toList());
            release.countDown();
            await().until(() -> seen.size() == 2 && buffers.pooledTapeChunks() > 0);
            java.util.Set<byte[]> freed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            sealedBuffers.forEach(b -> b.events().forEach(e -> freed.add(((EventRow) e.row()).tape())));
            buffers.append(A, null, 1, event("c-0", 300));
            buffers.close(true, Duration.ofSeconds(10));
            EventRow reused = (EventRow) sealedBuffers.get(2).events().get(0).row();
            assertThat(freed).as("the next buffer writes into a chunk freed by a flush").contains(reused.tape());
            assertThat(seen.get(0)).hasSize(500).allMatch(id -> id.startsWith("b-"));
        } finally {
            release.countDown();
        }
    }

    @Test
    void theWaitForMemoryIsBoundedAbortableAndEndsWhenTheFlushFrees() throws Exception {
        CountDownLatch flushing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BufferManager buffers = new BufferManager(new BufferManager.Policy(1000, 1_000_000, Duration.ofHours(1), 1_000,
                Duration.ofMillis(20), Duration.ofHours(1)), 1, sealed -> {
                    flushing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        try (buffers) {
            buffers.append(A, null, 1, event("big", 2_000));
            assertThat(flushing.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(buffers.awaitMemory(Duration.ofMillis(50), () -> false)).as("time bound").isFalse();
            assertThat(buffers.awaitMemory(Duration.ofHours(1), () -> true)).as("aborted").isFalse();
            release.countDown();
            assertThat(buffers.awaitMemory(Duration.ofMinutes(1), () -> false)).as("room after the flush").isTrue();
            assertThat(buffers.heldBytes()).isZero();
        }
    }

    @Test
    void closingWithoutFlushHandsDeliveriesBack() {
        List<String> naks = new CopyOnWriteArrayList<>();
        BufferManager buffers = manager(1000, 1_000_000, Duration.ofHours(1), 100_000_000);
        buffers.append(A, null, 1, new BufferedEvent(row("e1", 10), new HeldDelivery(delivery(naks)), ORIGIN, "S"));
        buffers.close(false, Duration.ofSeconds(5));
        assertThat(flushed).isEmpty();
        assertThat(naks).containsExactly("nak");
    }

    @Test
    void deliveriesHeldInAnOpenBufferAreKeptAliveEachOnceARound() {
        List<String> signals = new CopyOnWriteArrayList<>();
        HeldDelivery shared = new HeldDelivery(delivery(signals));
        try (BufferManager buffers = new BufferManager(new BufferManager.Policy(1000, 1_000_000, Duration.ofHours(1),
                100_000_000, Duration.ofMillis(20), Duration.ofMillis(50)), 1, flushed::add)) {
            // two events of one delivery (one message holding both): one signal per round, not two
            buffers.append(A, null, 1, new BufferedEvent(row("e1", 10), shared, ORIGIN, "S"));
            buffers.append(A, null, 1, new BufferedEvent(row("e2", 10), shared, ORIGIN, "S"));
            await().atMost(Duration.ofSeconds(5)).until(() -> signals.size() >= 3);
            assertThat(signals).containsOnly("progress");
            assertThat(buffers.keepAliveSignals()).isEqualTo(signals.size());
            assertThat(flushed).isEmpty();
        }
    }

    @Test
    void deliveriesOfABufferBeingFlushedAreKeptAliveUntilTheFlushSettlesThem() throws Exception {
        List<String> signals = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        BufferManager buffers = new BufferManager(new BufferManager.Policy(1, 1_000_000, Duration.ofHours(1),
                100_000_000, Duration.ofMillis(20), Duration.ofMillis(50)), 1, sealed -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        try (buffers) {
            buffers.append(A, null, 1, new BufferedEvent(row("e1", 10), new HeldDelivery(delivery(signals)), ORIGIN, "S"));
            assertThat(buffers.openBuffers()).as("rolled at once, by rows").isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> signals.size() >= 2);
            release.countDown();
            await().until(() -> buffers.heldBytes() == 0);
            int settled = signals.size();
            assertThat(buffers.keepAliveSignals()).isGreaterThanOrEqualTo(settled);
            // once settled, no more signals
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1))
                    .until(() -> signals.size() <= settled + 1);
        }
    }

    @Test
    void aBufferYoungerThanTheIntervalSendsNoSignal() {
        List<String> signals = new CopyOnWriteArrayList<>();
        try (BufferManager buffers = new BufferManager(new BufferManager.Policy(1000, 1_000_000,
                Duration.ofMillis(100), 100_000_000, Duration.ofMillis(20), Duration.ofMillis(400)), 1, flushed::add)) {
            buffers.append(A, null, 1, new BufferedEvent(row("e1", 10), new HeldDelivery(delivery(signals)), ORIGIN, "S"));
            await().atMost(Duration.ofSeconds(5)).until(() -> flushed.size() == 1);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(signals::isEmpty);
        }
    }

    @Test
    void aDeliveryWithEventsInTwoBuffersIsAckedOnceAfterBothCommitted() {
        List<String> settled = new CopyOnWriteArrayList<>();
        List<SealedBuffer> sealed = new CopyOnWriteArrayList<>();
        try (BufferManager buffers = new BufferManager(new BufferManager.Policy(1000, 1_000_000, Duration.ofHours(1),
                100_000_000, Duration.ofMillis(20), Duration.ofHours(1)), 1, sealed::add)) {
            HeldDelivery frame = new HeldDelivery(delivery(settled));
            buffers.append(A, null, 1, new BufferedEvent(row("e1", 10), frame, Origin.of("RAW@1", 7, 0, 3), "S"));
            buffers.append(A_NEXT_HOUR, null, 1, new BufferedEvent(row("e2", 10), frame, Origin.of("RAW@1", 7, 1, 3), "S"));
            buffers.append(A, null, 1, new BufferedEvent(row("e3", 10), frame, Origin.of("RAW@1", 7, 2, 3), "S"));
            frame.placed();
            buffers.close(true, Duration.ofSeconds(5));
            assertThat(sealed).hasSize(2);
            SealedBuffer first = sealed.get(0).key().equals(A) ? sealed.get(0) : sealed.get(1);
            SealedBuffer second = first == sealed.get(0) ? sealed.get(1) : sealed.get(0);
            first.events().forEach(e -> e.delivery().committed());
            assertThat(settled).as("one buffer still holds an event of the frame").isEmpty();
            second.events().forEach(e -> e.delivery().committed());
            assertThat(settled).containsExactly("ack");
        }
    }

    @Test
    void aDeliveryIsNakedOnceWhenOneOfItsBuffersFailsAndNeverAckedAfter() {
        List<String> settled = new CopyOnWriteArrayList<>();
        HeldDelivery frame = new HeldDelivery(delivery(settled));
        frame.hold();
        frame.hold();
        frame.hold();
        frame.placed();
        frame.failed(Duration.ZERO);
        frame.failed(Duration.ZERO);
        frame.committed();
        frame.committed();
        frame.committed();
        assertThat(settled).containsExactly("nak");
        assertThat(frame.settled()).isTrue();
    }

    @Test
    void aBufferCommittedBeforeTheFrameIsFullyPlacedDoesNotAckIt() {
        List<String> settled = new CopyOnWriteArrayList<>();
        HeldDelivery frame = new HeldDelivery(delivery(settled));
        frame.hold();
        frame.committed();
        assertThat(settled).as("the router still places events of it").isEmpty();
        frame.placed();
        assertThat(settled).containsExactly("ack");
    }

    @Test
    void theOldestUnflushedAgeCountsBufferedAndFlushingEventsPerTypeUntilTheirFileIsDone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BufferManager.EventTypeKey a = new BufferManager.EventTypeKey(Lake.DATA, "a");
        BufferManager.EventTypeKey aErrors = new BufferManager.EventTypeKey(Lake.ERRORS, "a");
        try (BufferManager buffers = new BufferManager(new BufferManager.Policy(1000, 1_000_000,
                Duration.ofMillis(100), 100_000_000, Duration.ofMillis(20), Duration.ofHours(1)), 1, sealed -> {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    flushed.add(sealed);
                })) {
            assertThat(buffers.oldestUnflushedAge(a)).isZero();
            buffers.append(A, null, 1, event("e1", 10));
            buffers.append(B, null, 1, event("e2", 10));
            assertThat(buffers.unflushedEventTypes()).contains(a).doesNotContain(aErrors);

            // Rolled by age after 100 ms, its flush hangs: the age goes on growing past max-age.
            await().atMost(Duration.ofSeconds(5)).until(() -> buffers.openBuffers() == 0
                    && buffers.oldestUnflushedAge(a).compareTo(Duration.ofMillis(300)) > 0);
            assertThat(buffers.oldestUnflushedAge(aErrors)).isZero();
            release.countDown();

            await().atMost(Duration.ofSeconds(5)).until(() -> flushed.size() == 2);
            await().atMost(Duration.ofSeconds(5)).until(() -> buffers.oldestUnflushedAge(a).isZero());
        }
    }

    @Test
    void aTypeAtItsOpenPartitionLimitRollsItsBufferOpenLongestBeforeOpeningAnother() {
        try (BufferManager buffers = new BufferManager(new BufferManager.Policy(1000, 1_000_000, Duration.ofHours(1),
                100_000_000, Duration.ofMillis(20), Duration.ofHours(1), 2), 1, flushed::add)) {
            BufferKey hour2 = new BufferKey(Lake.DATA, "a", "a", Partition.of(Instant.EPOCH.plusSeconds(7200)));
            buffers.append(A_NEXT_HOUR, null, 1, event("late-1", 10));
            buffers.append(A, null, 1, event("early", 10));
            buffers.append(B, null, 1, event("other-type", 10));
            buffers.append(A_NEXT_HOUR, null, 1, event("late-2", 10));

            buffers.append(hour2, null, 1, event("third-hour", 10));

            await().until(() -> flushed.size() == 1);
            assertThat(flushed.get(0).key()).isEqualTo(A_NEXT_HOUR);
            assertThat(flushed.get(0).reason()).isEqualTo("partitions");
            assertThat(flushed.get(0).events()).extracting(e -> id(e.row())).containsExactly("late-1", "late-2");
            // Type a keeps two open partitions, type b its own.
            assertThat(buffers.openBuffers()).isEqualTo(3);
        }
    }

    private BufferManager manager(int rows, long bytes, Duration age, long budget) {
        return new BufferManager(new BufferManager.Policy(rows, bytes, age, budget, Duration.ofMillis(20),
                Duration.ofHours(1)), 1, flushed::add);
    }

    private static BufferedEvent event(String id, int size) {
        return new BufferedEvent(row(id, size), new HeldDelivery(delivery(new CopyOnWriteArrayList<>())), ORIGIN, "S");
    }

    /** A row whose tape is its id, padded to {@code size} bytes. */
    private static EventRow row(String id, int size) {
        byte[] tape = new byte[Math.max(size, id.length())];
        java.util.Arrays.fill(tape, (byte) ' ');
        System.arraycopy(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, tape, 0, id.length());
        return new EventRow(null, tape, 0, tape.length);
    }

    private static String id(LakeRow row) {
        return new String(((EventRow) row).tapeBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
    }

    private static Delivery delivery(List<String> log) {
        return new Delivery() {
            @Override
            public void ack() {
                log.add("ack");
            }

            @Override
            public void nak(Duration delay) {
                log.add("nak");
            }

            @Override
            public void inProgress() {
                log.add("progress");
            }

            @Override
            public long deliveredCount() {
                return 1;
            }

            @Override
            public long streamSequence() {
                return 1;
            }
        };
    }
}
