package io.inlet.faults.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Producers as a careful client would write one: batch POSTs due on a fixed schedule (the target rate), a few in
 * flight at once; a batch answered 503 or 429 with Retry-After, or not answered (connection refused or reset,
 * timeout), is sent again with the same ids until it gets its 202. Every attempt is recorded. A batch that could
 * not be placed within {@code giveUpAfter}, or once the load has run {@code overrun} past its planned end, is
 * abandoned (and shows as not accepted): a gateway that never recovers must not hold the run up for long.
 */
public final class Producer {

    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long RETRY_PAUSE_MILLIS = 500;
    private static final long MAX_RETRY_AFTER_MILLIS = 5_000;

    private final PageViews events;
    private final URI endpoint;
    private final String authorization;
    private final int senders;
    private final int rate;
    private final Duration giveUpAfter;
    private final Duration overrun;
    private volatile long deadlineNanos;
    private final HttpClient client;
    private final Consumer<String> progress;

    public Producer(PageViews events, String gatewayUrl, String eventType, String apiKey, int senders, int rate,
                    Duration giveUpAfter, Duration overrun, Consumer<String> progress) {
        this.events = events;
        this.endpoint = URI.create(gatewayUrl + "/v1/events/" + eventType);
        this.authorization = "Bearer " + apiKey;
        this.senders = senders;
        this.rate = rate;
        this.giveUpAfter = giveUpAfter;
        this.overrun = overrun;
        this.progress = progress;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public LoadResult run() throws InterruptedException {
        long batches = events.batches();
        long[] acceptedAt = new long[Math.toIntExact(batches)];
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicLong next = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        long intervalNanos = Math.max(1, (long) (1e9 * events.batchSize() / rate));
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        deadlineNanos = startNanos + batches * intervalNanos + overrun.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < senders; w++) {
            workers.add(pool.submit(() -> {
                long batch;
                while ((batch = next.getAndIncrement()) < batches) {
                    long due = startNanos + batch * intervalNanos;
                    long now;
                    while ((now = System.nanoTime()) < due) {
                        LockSupport.parkNanos(due - now);
                    }
                    if (System.nanoTime() > deadlineNanos) {
                        continue; // abandoned unsent
                    }
                    acceptedAt[(int) batch] = send(batch, answers, lastAnswer);
                    if (batch > 0 && batch % 200 == 0) {
                        progress.accept(String.format("load: batch %,d of %,d", batch, batches));
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a producer failed", e.getCause());
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        return new LoadResult(List.copyOf(answers), acceptedAt, startMillis, Math.max(lastAnswer.get(), startMillis));
    }

    /** Sends one batch until it is accepted; returns the epoch millis of its 202, or 0 when abandoned. */
    private long send(long batch, ConcurrentLinkedQueue<Answer> answers, AtomicLong lastAnswer)
            throws InterruptedException {
        byte[] body = events.body(batch);
        long giveUp = System.nanoTime() + giveUpAfter.toNanos();
        for (int attempt = 1; ; attempt++) {
            Answer answer = attempt(batch, attempt, body);
            answers.add(answer);
            lastAnswer.accumulateAndGet(answer.answeredAt(), Math::max);
            if (answer.accepted()) {
                return answer.answeredAt();
            }
            long now = System.nanoTime();
            if (!answer.retryable() || now > giveUp || now > deadlineNanos) {
                progress.accept("load: batch " + batch + " abandoned after " + attempt + " attempts, last: "
                        + answer.describe());
                return 0;
            }
            TimeUnit.MILLISECONDS.sleep(pause(answer.retryAfter()));
        }
    }

    private Answer attempt(long batch, int attempt, byte[] body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long sent = System.currentTimeMillis();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            Optional<String> retryAfter = response.headers().firstValue("Retry-After");
            return new Answer(batch, attempt, sent, System.currentTimeMillis(), response.statusCode(),
                    retryAfter.orElse(null), null, false);
        } catch (HttpConnectTimeoutException e) {
            return new Answer(batch, attempt, sent, System.currentTimeMillis(), 0, null, e.toString(), false);
        } catch (HttpTimeoutException e) {
            return new Answer(batch, attempt, sent, System.currentTimeMillis(), 0, null, e.toString(), true);
        } catch (IOException e) {
            return new Answer(batch, attempt, sent, System.currentTimeMillis(), 0, null, e.toString(), false);
        }
    }

    /** Retry-After in seconds (capped), else a short pause. */
    static long pause(String retryAfter) {
        if (retryAfter != null && retryAfter.trim().matches("[0-9]{1,6}")) {
            return Math.min(MAX_RETRY_AFTER_MILLIS, Math.max(100, Long.parseLong(retryAfter.trim()) * 1000));
        }
        return RETRY_PAUSE_MILLIS;
    }
}
