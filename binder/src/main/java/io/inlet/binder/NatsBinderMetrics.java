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
 * (tagged by destination and group).
 */
public class NatsBinderMetrics {

    private final MeterRegistry registry;
    private final java.util.Map<String, Consumer> consumers = new java.util.concurrent.ConcurrentHashMap<>();

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

    private Counter counter(String name, String description, String destination, String group) {
        Counter.Builder builder = Counter.builder(name).description(description).tag("destination", destination);
        if (group != null) {
            builder.tag("group", group);
        }
        return builder.register(registry);
    }

    public record Producer(Counter published, Counter failures, Counter duplicates) {
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
