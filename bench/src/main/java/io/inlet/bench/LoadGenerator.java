package io.inlet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * HTTP batch POSTs ({@code POST <base>/v1/events/<type>}, a JSON array of events) from a bounded pool of platform
 * threads (Java 17: no virtual threads), one request in flight per thread, round-robin over the event types.
 * With a target rate, requests are due on a fixed schedule and latency counts from when a request was DUE
 * (corrected for coordinated omission); without one, each thread sends its next request when the last answered.
 */
final class LoadGenerator {

    /** What one run did: accepted events, requests per status, latency of accepted requests (µs). */
    record Result(long acceptedEvents, long acceptedBytes, Map<Integer, Long> statuses, long errors,
                  long firstPostNanos, long lastAnswerNanos, Histogram latencyMicros) {

        double seconds() {
            return (lastAnswerNanos - firstPostNanos) / 1e9;
        }

        double eventsPerSecond() {
            return acceptedEvents / seconds();
        }

        double percentileMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final HttpClient client;
    private final String baseUrl;
    private final String authorization;

    LoadGenerator(String baseUrl, String apiKey, int concurrency) {
        this.baseUrl = baseUrl;
        this.authorization = "Bearer " + apiKey;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(Math.max(2, concurrency / 8)))
                .build();
    }

    /**
     * @param types       event types (one URL each)
     * @param bodies      pre-built request bodies, each a JSON array of {@code batchSize} events; the gateway gives
     *                    every event a new id, so re-sending a body stores new events
     * @param rate        events/s, 0 for as fast as answered
     */
    Result run(List<String> types, List<byte[]> bodies, int batchSize, int concurrency, int rate, Duration duration)
            throws InterruptedException {
        List<URI> uris = types.stream().map(t -> URI.create(baseUrl + "/v1/events/" + t)).toList();
        LongAdder accepted = new LongAdder();
        LongAdder acceptedBytes = new LongAdder();
        LongAdder errors = new LongAdder();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        AtomicLong sequence = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        long intervalNanos = rate > 0 ? Math.max(1, (long) (1e9 * batchSize / rate)) : 0;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        AtomicLong nextDue = new AtomicLong(start);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<Histogram>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                Histogram histogram = new Histogram(60_000_000L, 3);
                while (true) {
                    long due = intervalNanos > 0 ? nextDue.getAndAdd(intervalNanos) : System.nanoTime();
                    if (due >= end) {
                        return histogram;
                    }
                    long now;
                    while ((now = System.nanoTime()) < due) {
                        LockSupport.parkNanos(due - now);
                    }
                    long n = sequence.getAndIncrement();
                    byte[] body = bodies.get((int) (n % bodies.size()));
                    HttpRequest request = HttpRequest.newBuilder(uris.get((int) (n % uris.size())))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", authorization)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    try {
                        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        long answered = System.nanoTime();
                        lastAnswer.accumulateAndGet(answered, Math::max);
                        statuses.computeIfAbsent(response.statusCode(), k -> new LongAdder()).increment();
                        if (response.statusCode() == 202 || response.statusCode() == 200) {
                            accepted.add(batchSize);
                            acceptedBytes.add(body.length);
                            histogram.recordValue(Math.min(60_000_000L, (answered - due) / 1000));
                        }
                    } catch (IOException e) {
                        errors.increment();
                    }
                }
            }));
        }
        Histogram all = new Histogram(60_000_000L, 3);
        for (Future<Histogram> worker : workers) {
            try {
                all.add(worker.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("load worker failed", e.getCause());
            }
        }
        pool.shutdown();
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
        return new Result(accepted.sum(), acceptedBytes.sum(), byStatus, errors.sum(), start,
                Math.max(lastAnswer.get(), start + 1), all);
    }
}
