package io.inlet.gateway.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * The gateway's meters: {@code inlet.gateway.requests} (accepted requests by body format),
 * {@code inlet.gateway.events} (accepted events by format), {@code inlet.gateway.events.duplicates}
 * (accepted events that came in frames JetStream already had: a retry), {@code inlet.gateway.frames} (frame
 * messages published and acknowledged), {@code inlet.gateway.received.bytes} (body bytes read),
 * {@code inlet.gateway.rejects} (refused requests by reason), {@code inlet.gateway.publish} (time
 * from the first publish of a request to its last PubAck, with a histogram) and
 * {@code inlet.gateway.events.in.flight} (gauge).
 */
@Component
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Counter bytes;
    private final Counter duplicates;
    private final Counter frames;
    private final Timer publish;
    private final ConcurrentMap<String, Counter> rejects = new ConcurrentHashMap<>();
    private final ConcurrentMap<BodyFormat, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<BodyFormat, Counter> events = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytes = Counter.builder("inlet.gateway.received.bytes").baseUnit("bytes")
                .description("Request body bytes read by the ingestion endpoints").register(registry);
        this.duplicates = Counter.builder("inlet.gateway.events.duplicates")
                .description("Accepted events of frames JetStream had already stored (a retry)").register(registry);
        this.frames = Counter.builder("inlet.gateway.frames")
                .description("Frame messages published to JetStream and acknowledged").register(registry);
        this.publish = Timer.builder("inlet.gateway.publish")
                .description("From the first publish of a request to the PubAck of its last event")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    void received(long byteCount) {
        bytes.increment(byteCount);
    }

    void accepted(BodyFormat format, int eventCount, int duplicateCount) {
        requests.computeIfAbsent(format, f -> Counter.builder("inlet.gateway.requests").tag("format", f.tag())
                .description("Accepted ingestion requests").register(registry)).increment();
        events.computeIfAbsent(format, f -> Counter.builder("inlet.gateway.events").tag("format", f.tag())
                .description("Accepted events").register(registry)).increment(eventCount);
        if (duplicateCount > 0) {
            duplicates.increment(duplicateCount);
        }
    }

    void published(int frameCount) {
        frames.increment(frameCount);
    }

    Timer publishTimer() {
        return publish;
    }

    /** A refused request; {@code reason} is a stable kebab-case word. */
    public void rejected(String reason) {
        rejects.computeIfAbsent(reason, r -> Counter.builder("inlet.gateway.rejects").tag("reason", r)
                .description("Refused requests by reason").register(registry)).increment();
    }

    MeterRegistry registry() {
        return registry;
    }
}
