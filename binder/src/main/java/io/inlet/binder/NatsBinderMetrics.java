package io.inlet.binder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The binder's Micrometer meters, all under {@code inlet.binder.*}: published, publish failures,
 * duplicates (tagged by destination); delivered, acked, nak'd, dead-lettered, the consumer's
 * pending count, its resubscriptions (also tagged by reason) and the time since its last delivery
 * (tagged by destination and group); and, read from JetStream's consumer info on a schedule
 * ({@link io.inlet.binder.inbound.ConsumerLagGauges}), each consumer binding's lag: messages pending, acks pending,
 * messages redelivered, and the reads that failed (tagged by binding, stream and group, the durable's name).
 */
public class NatsBinderMetrics {

    private final MeterRegistry registry;
    private final java.util.Map<String, Consumer> consumers = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Lag> lags = new java.util.concurrent.ConcurrentHashMap<>();

    public NatsBinderMetrics(MeterRegistry registry) {
        this.registry = registry != null ? registry : new CompositeMeterRegistry();
    }

    public Producer producer(String destination) {
        return new Producer(
                counter("inlet.binder.published", "Messages JetStream confirmed", destination, null),
                counter("inlet.binder.publish.failures", "Publishes that failed or were not acked in time", destination,
                        null),
                counter("inlet.binder.publish.duplicates", "Publishes JetStream dropped as duplicates (Nats-Msg-Id)",
                        destination, null));
    }

    /** The meters of one consumer; a binding that is bound again (e.g. after a retry) gets the same ones. */
    public Consumer consumer(String destination, String group) {
        return consumers.computeIfAbsent(destination + "\u0000" + group, key -> newConsumer(destination, group));
    }

    private Consumer newConsumer(String destination, String group) {
        AtomicLong pending = new AtomicLong();
        Gauge.builder("inlet.binder.consumer.pending", pending, AtomicLong::get)
                .description("Messages the consumer has yet to receive, as of its last delivery")
                .tag("destination", destination).tag("group", group).register(registry);
        AtomicLong lastDeliveryNanos = new AtomicLong(System.nanoTime());
        TimeGauge.builder("inlet.binder.consumer.last.delivery.age", lastDeliveryNanos, TimeUnit.NANOSECONDS,
                        last -> System.nanoTime() - last.get())
                .description("Time since the consumer last received messages (since the binding started, before its first)")
                .tag("destination", destination).tag("group", group).register(registry);
        Map<Resubscribe, Counter> resubscribes = new EnumMap<>(Resubscribe.class);
        for (Resubscribe reason : Resubscribe.values()) {
            resubscribes.put(reason, Counter.builder("inlet.binder.consumer.resubscribes")
                    .description("Subscriptions of the consumer renewed: after a reconnect, after it stopped delivering "
                            + "(stalled), or after pulling failed")
                    .tag("destination", destination).tag("group", group)
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        return new Consumer(
                counter("inlet.binder.delivered", "Messages delivered to the handler", destination, group),
                counter("inlet.binder.acked", "Messages acknowledged after the handler succeeded", destination, group),
                counter("inlet.binder.nacked", "Messages handed back for redelivery after a failure", destination,
                        group),
                counter("inlet.binder.dead.lettered", "Messages parked on the dead-letter subject", destination, group),
                pending, lastDeliveryNanos, Map.copyOf(resubscribes));
    }

    /**
     * The lag meters of the consumer binding {@code binding} on JetStream consumer {@code group} of {@code stream};
     * NaN until its first read. A binding that is bound again gets the same ones.
     */
    public Lag lag(String binding, String stream, String group) {
        return lags.computeIfAbsent(binding + "\u0000" + stream + "\u0000" + group,
                key -> newLag(binding, stream, group));
    }

    private Lag newLag(String binding, String stream, String group) {
        Lag lag = new Lag(Counter.builder("inlet.binder.consumer.lag.read.failures")
                .description("Consumer info requests for the lag gauges that failed")
                .tag("binding", binding).tag("stream", stream).tag("group", group).register(registry));
        lagGauge("inlet.binder.consumer.lag.pending", "Messages of the stream the consumer has not delivered yet "
                + "(num_pending)", lag, Lag::pending, binding, stream, group);
        lagGauge("inlet.binder.consumer.lag.ack.pending", "Messages delivered and not acknowledged yet "
                + "(num_ack_pending)", lag, Lag::ackPending, binding, stream, group);
        lagGauge("inlet.binder.consumer.lag.redelivered", "Messages delivered more than once and not acknowledged "
                + "yet (num_redelivered)", lag, Lag::redelivered, binding, stream, group);
        return lag;
    }

    private void lagGauge(String name, String description, Lag lag, java.util.function.ToDoubleFunction<Lag> value,
            String binding, String stream, String group) {
        Gauge.builder(name, lag, value).description(description)
                .tag("binding", binding).tag("stream", stream).tag("group", group).register(registry);
    }

    private Counter counter(String name, String description, String destination, String group) {
        Counter.Builder builder = Counter.builder(name).description(description).tag("destination", destination);
        if (group != null) {
            builder.tag("group", group);
        }
        return builder.register(registry);
    }

    public record Producer(Counter published, Counter failures, Counter duplicates) {
    }

    /** One consumer binding's lag as JetStream last reported it (NaN before the first read). */
    public static final class Lag {

        private final Counter readFailures;
        private volatile double pending = Double.NaN;
        private volatile double ackPending = Double.NaN;
        private volatile double redelivered = Double.NaN;

        Lag(Counter readFailures) {
            this.readFailures = readFailures;
        }

        public void update(long numPending, long numAckPending, long numRedelivered) {
            pending = numPending;
            ackPending = numAckPending;
            redelivered = numRedelivered;
        }

        public void readFailed() {
            readFailures.increment();
        }

        public double pending() {
            return pending;
        }

        public double ackPending() {
            return ackPending;
        }

        public double redelivered() {
            return redelivered;
        }
    }

    /** Why a consumer subscribed anew. */
    public enum Resubscribe { RECONNECTED, STALLED, FAILED }

    /**
     * @param lastDeliveryNanos {@link System#nanoTime()} of the consumer's last delivery (before the first: when its
     *                          meters were made)
     */
    public record Consumer(Counter delivered, Counter acked, Counter nacked, Counter deadLettered, AtomicLong pending,
            AtomicLong lastDeliveryNanos, Map<Resubscribe, Counter> resubscribes) {

        public Counter resubscribes(Resubscribe reason) {
            return resubscribes.get(reason);
        }
    }
}
