package io.inlet.bench;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * The raw single-hop JetStream limits for the same payloads, with plain jnats on a bench-only stream (file
 * storage, like Inlet's streams): publishAsync with a bounded number of acks pending, then pull fetch + ack of
 * everything published.
 */
final class JetStreamReference {

    record Result(long published, double publishPerSecond, long consumed, double consumePerSecond) {
    }

    private JetStreamReference() {
    }

    static Result measure(String natsUrl, List<byte[]> payloads, int inFlight, Duration duration) throws Exception {
        String stream = "BENCH_REF";
        try (Connection connection = Nats.connect(natsUrl)) {
            JetStreamManagement management = connection.jetStreamManagement();
            freshStream(management, stream, "bench.ref.>");
            JetStream js = connection.jetStream();

            Semaphore permits = new Semaphore(inFlight);
            AtomicLong failed = new AtomicLong();
            long published = 0;
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            while (System.nanoTime() < end) {
                for (int i = 0; i < 100; i++) {
                    permits.acquire();
                    js.publishAsync("bench.ref.e" + (published % 4), payloads.get((int) (published % payloads.size())))
                            .whenComplete((ack, error) -> {
                                if (error != null) {
                                    failed.incrementAndGet();
                                }
                                permits.release();
                            });
                    published++;
                }
            }
            if (!permits.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("publish acks did not arrive");
            }
            double publishSeconds = (System.nanoTime() - start) / 1e9;
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " raw publishes failed");
            }

            JetStreamSubscription subscription = js.subscribe("bench.ref.>",
                    PullSubscribeOptions.builder().durable("bench-ref").build());
            long consumed = 0;
            long consumeStart = System.nanoTime();
            while (consumed < published) {
                List<Message> batch = subscription.fetch(500, Duration.ofSeconds(2));
                if (batch.isEmpty()) {
                    break;
                }
                for (Message message : batch) {
                    message.ack();
                }
                consumed += batch.size();
            }
            connection.flush(Duration.ofSeconds(10));
            double consumeSeconds = (System.nanoTime() - consumeStart) / 1e9;
            subscription.unsubscribe();
            management.deleteStream(stream);
            return new Result(published, published / publishSeconds, consumed, consumed / consumeSeconds);
        }
    }

    /** Latency of raw publishes at a fixed rate, from when each was due to its PubAck. */
    /**
     * @param whileBusy PubAcks of messages sent while the watched threads were running (the lake's flushes, for the
     *                  probe during the half phase); {@code otherwise} the rest. Both empty when nothing is watched.
     */
    record Latency(long published, double ratePerSecond, int messageBytes, Histogram micros, Histogram whileBusy,
                   Histogram otherwise) {

        double percentileMillis(double percentile) {
            return micros.getValueAtPercentile(percentile) / 1000.0;
        }

        /** Share of {@code histogram}'s PubAcks that took longer than {@code millis}. */
        static double shareOver(Histogram histogram, double millis) {
            long total = histogram.getTotalCount();
            return total == 0 ? 0 : (double) (total - histogram.getCountBetweenValues(0, (long) (millis * 1000)))
                    / total;
        }
    }

    static Latency ackLatency(String natsUrl, String name, int messageBytes, double ratePerSecond, Duration duration)
            throws Exception {
        return ackLatency(natsUrl, name, messageBytes, ratePerSecond, duration, () -> false);
    }

    /**
     * The broker's own PubAck latency at the gateway's pace: {@code ratePerSecond} messages of {@code messageBytes}
     * each, due on a fixed schedule (latency from when a message was due, so a stalled publisher counts), published
     * with publishAsync to a bench-only file-storage stream, as the gateway publishes a request's frame.
     */
    static Latency ackLatency(String natsUrl, String name, int messageBytes, double ratePerSecond, Duration duration,
                              BooleanSupplier busy) throws Exception {
        String stream = "BENCH_" + name.toUpperCase(java.util.Locale.ROOT);
        byte[] payload = new byte[messageBytes];
        new Random(42).nextBytes(payload);
        Histogram whileBusy = new Histogram(60_000_000L, 3);
        Histogram otherwise = new Histogram(60_000_000L, 3);
        try (Connection connection = Nats.connect(natsUrl)) {
            JetStreamManagement management = connection.jetStreamManagement();
            freshStream(management, stream, "bench." + name + ".>");
            JetStream js = connection.jetStream();
            long interval = (long) (1e9 / ratePerSecond);
            long count = (long) (duration.toNanos() / interval);
            CountDownLatch acked = new CountDownLatch((int) count);
            AtomicLong failed = new AtomicLong();
            long start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                boolean busyAtSend = busy.getAsBoolean();
                js.publishAsync("bench." + name + ".e" + (i % 4), payload).whenComplete((ack, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                    } else {
                        long latency = Math.max(0, (System.nanoTime() - due) / 1000);
                        Histogram into = busyAtSend ? whileBusy : otherwise;
                        synchronized (into) {
                            into.recordValue(latency);
                        }
                    }
                    acked.countDown();
                });
            }
            if (!acked.await(60, TimeUnit.SECONDS) || failed.get() > 0) {
                throw new IllegalStateException("paced publishes: " + failed.get() + " failed, "
                        + acked.getCount() + " without an ack");
            }
            management.deleteStream(stream);
            Histogram micros = whileBusy.copy();
            micros.add(otherwise);
            return new Latency(count, ratePerSecond, messageBytes, micros, whileBusy, otherwise);
        }
    }

    /** A new, empty file-storage stream of this name (a leftover of an earlier run is deleted first). */
    private static void freshStream(JetStreamManagement management, String stream, String subjects) throws Exception {
        try {
            management.deleteStream(stream);
        } catch (Exception e) {
            // not there
        }
        management.addStream(StreamConfiguration.builder().name(stream).subjects(subjects)
                .storageType(StorageType.File).build());
    }
}
