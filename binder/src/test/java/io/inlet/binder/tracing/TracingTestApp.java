package io.inlet.binder.tracing;

import io.inlet.binder.NatsBatch;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;

/**
 * A stage in miniature on Spring Boot's OpenTelemetry tracing, its spans kept in memory: {@code traceFrames} receives
 * batches and handles each message inside the span {@link FrameTracing#receiving} opens, recording the trace the
 * handler ran in and the headers it got.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TracingTestApp {

    /** What the handler saw: per message, its headers and the trace id current while it was handled. */
    record Received(Map<String, Object> headers, String traceId, String spanId) {
    }

    @Bean
    InMemorySpanExporter inMemorySpanExporter() {
        return InMemorySpanExporter.create();
    }

    @Bean
    Queue<Received> received() {
        return new ConcurrentLinkedQueue<>();
    }

    @Bean
    Consumer<Message<?>> traceFrames(FrameTracing tracing, Tracer tracer, Queue<Received> received) {
        return batch -> {
            for (NatsBatch.Entry entry : NatsBatch.of(batch)) {
                try (TraceSpan span = tracing.receiving("test", entry.subject(), entry.headers())) {
                    Span current = tracer.currentSpan();
                    received.add(new Received(entry.headers(), current == null ? null : current.context().traceId(),
                            current == null ? null : current.context().spanId()));
                }
            }
        };
    }
}
