package io.inlet.gateway.eventtypes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.inlet.contracts.EventType;
import io.inlet.registryclient.RegistryClient;
import io.inlet.registryclient.RegistryClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event types are the registry's subjects. Answers come from the registry client's cache (served
 * stale while the registry is away); "not registered" is remembered for a short time. When the
 * registry cannot answer and nothing is cached, the event is let through: the pipeline validates
 * every event anyway, and refusing data because a lookup service is down would lose more than it
 * protects.
 */
public class RegistryEventTypeCatalog implements EventTypeCatalog {

    private static final Logger log = LoggerFactory.getLogger(RegistryEventTypeCatalog.class);

    private record Key(EventType type, Integer version) {
    }

    private final RegistryClient registry;
    private final Cache<Key, Boolean> unknown;
    private final Counter unverified;
    private final AtomicLong failures = new AtomicLong();

    public RegistryEventTypeCatalog(RegistryClient registry, Duration unknownCacheTtl, MeterRegistry meters) {
        this.registry = registry;
        this.unknown = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(unknownCacheTtl).build();
        this.unverified = Counter.builder("inlet.gateway.event.types.unverified")
                .description("Event type checks let through because the schema registry could not answer")
                .register(meters);
    }

    @Override
    public void verify(EventType type, Integer pinnedVersion) {
        Key key = new Key(type, pinnedVersion);
        if (unknown.getIfPresent(key) != null) {
            throw new UnknownEventTypeException(type, pinnedVersion);
        }
        try {
            if (pinnedVersion == null) {
                registry.latest(type.name());
            } else {
                registry.schema(type.name(), pinnedVersion);
            }
        } catch (RegistryClientException e) {
            if (e.notFound()) {
                unknown.put(key, Boolean.TRUE);
                throw new UnknownEventTypeException(type, pinnedVersion);
            }
            unverified.increment();
            long count = failures.incrementAndGet();
            if (count == 1 || count % 1000 == 0) {
                log.warn("Schema registry cannot tell whether '{}' exists ({} such checks so far); accepting: {}",
                        type, count, e.getMessage());
            }
        }
    }
}
