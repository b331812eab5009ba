package io.inlet.binder.inbound;

import io.inlet.binder.Failures;
import io.inlet.binder.NatsBinderMetrics;
import io.inlet.binder.connection.NatsConnectionProvider;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps the lag gauges of every consumer binding ({@link NatsBinderMetrics#lag}) up to date: every {@code interval},
 * on one background thread of its own, it asks JetStream for each binding's consumer info and copies its
 * {@code num_pending}, {@code num_ack_pending} and {@code num_redelivered}. The delivery path never waits for it. A
 * read that fails is counted on the binding's {@code inlet.binder.consumer.lag.read.failures} and leaves the gauges
 * at their last value; the failures of one round are logged together, so at most one line per interval.
 */
public final class ConsumerLagGauges implements AutoCloseable {

    private static final Log log = LogFactory.getLog(ConsumerLagGauges.class);

    /** Reads one JetStream consumer's counts. */
    @FunctionalInterface
    public interface LagSource {
        Reading read(String stream, String consumer) throws Exception;
    }

    /** What JetStream says about one consumer. */
    public record Reading(long pending, long ackPending, long redelivered) {

        static Reading of(ConsumerInfo info) {
            return new Reading(info.getNumPending(), info.getNumAckPending(), info.getRedelivered());
        }
    }

    private final ConsumerStatuses bindings;
    private final NatsBinderMetrics metrics;
    private final LagSource source;
    private final Duration interval;
    private ScheduledExecutorService schedule;

    /**
     * @param interval how often the gauges are read; zero or less: never (and the gauges, registered at a binding's
     *                 first read, do not exist)
     */
    public ConsumerLagGauges(ConsumerStatuses bindings, NatsBinderMetrics metrics, LagSource source,
            Duration interval) {
        this.bindings = bindings;
        this.metrics = metrics;
        this.source = source;
        this.interval = interval;
    }

    /** Reads from the binder's connection. */
    public static LagSource from(NatsConnectionProvider connection) {
        return (stream, consumer) -> Reading.of(connection.management().getConsumerInfo(stream, consumer));
    }

    public synchronized void start() {
        if (interval.isZero() || interval.isNegative() || schedule != null) {
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "nats-consumer-lag");
            thread.setDaemon(true);
            return thread;
        });
        long every = interval.toMillis();
        schedule.scheduleWithFixedDelay(this::readAllQuietly, Math.min(every, 1000), every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.shutdownNow();
            schedule = null;
        }
    }

    private void readAllQuietly() {
        try {
            readAll();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: the gauges would freeze.
            log.warn("Reading the consumers' lag failed: " + Failures.describe(e));
        }
    }

    /** One round: reads every binding's consumer; returns how many reads failed. */
    int readAll() {
        List<String> failures = new ArrayList<>();
        for (ConsumerStatus binding : bindings.all()) {
            NatsBinderMetrics.Lag lag = metrics.lag(binding.binding(), binding.stream(), binding.consumer());
            try {
                Reading reading = source.read(binding.stream(), binding.consumer());
                lag.update(reading.pending(), reading.ackPending(), reading.redelivered());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return failures.size();
                }
                lag.readFailed();
                failures.add(binding.stream() + "/" + binding.consumer() + " (" + Failures.describe(e) + ")");
            }
        }
        if (!failures.isEmpty()) {
            log.warn("Could not read the lag of " + failures.size() + " consumer(s); their gauges keep their last "
                    + "value: " + String.join("; ", failures));
        }
        return failures.size();
    }
}
