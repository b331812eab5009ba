package io.inlet.binder.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.binder.FramePublisher;
import io.inlet.binder.NatsOutputs;
import io.inlet.binder.PublishScope;
import io.inlet.binder.tracing.TracingTestApp.Received;
import io.inlet.contracts.EventType;
import io.inlet.contracts.Subjects;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.UniqueNames;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Trace context across one NATS hop, on the real JetStream server with Spring Boot's OpenTelemetry tracing: a frame
 * published while a span is current carries that trace in its {@code traceparent} header, and the receiving binding
 * continues it; with tracing off ({@code management.tracing.export.enabled=false}) no trace header is written at all.
 * Frames go to {@code inlet.raw.<a type of this class>} in {@code INLET_RAW}, as the gateway's do.
 */
class FrameTracePropagationIT {

    private static final String STREAM = Subjects.RAW.streamName();
    private static Connection nats;
    private static JetStreamManagement jsm;

    private ConfigurableApplicationContext app;

    @BeforeAll
    static void connect() throws Exception {
        nats = Infrastructure.nats().connect();
        jsm = nats.jetStreamManagement();
    }

    @AfterAll
    static void disconnect() throws Exception {
        nats.close();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aFramePublishedInASpanCarriesItsTraceAndTheReceiverContinuesIt() throws Exception {
        EventType type = EventType.of(UniqueNames.lowerToken("traced") + ".frame");
        app = start(type, true);
        Tracer tracer = app.getBean(Tracer.class);
        InMemorySpanExporter spans = app.getBean(InMemorySpanExporter.class);
        assertThat(app.getBean(FrameTracing.class).enabled()).isTrue();

        Span request = tracer.nextSpan().name("test request").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
            publish(type, "req-1", 3);
        } finally {
            request.end();
        }
        String traceId = request.context().traceId();

        MessageInfo stored = jsm.getLastMessage(STREAM, Subjects.RAW.of(type));
        String traceparent = stored.getHeaders().getFirst(SpanRef.TRACEPARENT);
        assertThat(traceparent).as("traceparent on the NATS message").isNotNull();
        SpanRef sent = SpanRef.fromTraceparent(traceparent);
        assertThat(sent.traceId()).isEqualTo(traceId);
        assertThat(sent.sampled()).isTrue();

        @SuppressWarnings("unchecked")
        Queue<Received> received = app.getBean("received", Queue.class);
        await().until(() -> !received.isEmpty());
        Received delivery = received.peek();
        assertThat(delivery.traceId()).as("trace the receiving handler ran in").isEqualTo(traceId);

        await().until(() -> spans.getFinishedSpanItems().stream().anyMatch(s -> s.getKind() == SpanKind.CONSUMER));
        List<SpanData> finished = spans.getFinishedSpanItems();
        SpanData publish = only(finished, SpanKind.PRODUCER);
        SpanData process = only(finished, SpanKind.CONSUMER);
        assertThat(publish.getTraceId()).isEqualTo(traceId);
        assertThat(publish.getParentSpanId()).isEqualTo(request.context().spanId());
        assertThat(publish.getName()).isEqualTo("publish " + Subjects.RAW.of(type));
        assertThat(publish.getAttributes().asMap()).extractingByKeys(
                        io.opentelemetry.api.common.AttributeKey.stringKey(SpanAttributes.EVENT_TYPE),
                        io.opentelemetry.api.common.AttributeKey.longKey(SpanAttributes.EVENT_COUNT),
                        io.opentelemetry.api.common.AttributeKey.stringKey(SpanAttributes.REQUEST_ID))
                .containsExactly(type.name(), 3L, "req-1");
        assertThat(process.getTraceId()).isEqualTo(traceId);
        assertThat(process.getParentSpanId()).as("the receiver's span is a child of the publish span")
                .isEqualTo(publish.getSpanId());
        assertThat(process.getSpanId()).isEqualTo(delivery.spanId());
    }

    @Test
    void withTracingOffNoTraceHeaderIsWrittenEvenInsideASpan() throws Exception {
        EventType type = EventType.of(UniqueNames.lowerToken("untraced") + ".frame");
        app = start(type, false);
        assertThat(app.getBean(FrameTracing.class)).isSameAs(FrameTracing.OFF);
        Tracer tracer = app.getBean(Tracer.class);

        Span request = tracer.nextSpan().name("test request").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
            publish(type, "req-2", 2);
        } finally {
            request.end();
        }

        MessageInfo stored = jsm.getLastMessage(STREAM, Subjects.RAW.of(type));
        assertThat(stored.getHeaders().keySet()).containsExactlyInAnyOrder("Nats-Msg-Id", "contentType");
        @SuppressWarnings("unchecked")
        Queue<Received> received = app.getBean("received", Queue.class);
        await().until(() -> !received.isEmpty());
        assertThat(received.peek().headers()).doesNotContainKeys(SpanRef.TRACEPARENT, "tracestate");
    }

    private void publish(EventType type, String requestId, int count) {
        FramePublisher frames = app.getBean(NatsOutputs.class).frames("tracedRaw");
        List<FramedEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new FramedEvent(requestId + "-" + i, Instant.now(), "test", null, null, null, requestId,
                    null, null, null, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        try (PublishScope scope = PublishScope.open(10)) {
            frames.publish(Subjects.RAW, EventFrame.events(type, events), "test:" + type.name());
            scope.awaitAcks();
        }
    }

    private static SpanData only(List<SpanData> spans, SpanKind kind) {
        List<SpanData> ofKind = spans.stream().filter(s -> s.getKind() == kind).toList();
        assertThat(ofKind).as(kind + " spans").hasSize(1);
        return ofKind.get(0);
    }

    private static ConfigurableApplicationContext start(EventType type, boolean tracing) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.cloud.stream.nats.binder.servers", Infrastructure.nats().url());
        properties.put("management.tracing.export.enabled", Boolean.toString(tracing));
        properties.put("management.tracing.sampling.probability", "1.0");
        properties.put("management.opentelemetry.tracing.export.schedule-delay", "50ms");
        properties.put("spring.cloud.stream.output-bindings", "tracedRaw");
        properties.put("spring.cloud.stream.bindings.tracedRaw.destination", Subjects.RAW.all());
        properties.put("spring.cloud.stream.nats.bindings.tracedRaw.producer.stream.name", STREAM);
        properties.put("spring.cloud.stream.nats.bindings.tracedRaw.producer.stream.subjects", Subjects.RAW.all());
        properties.put("spring.cloud.function.definition", "traceFrames");
        properties.put("spring.cloud.stream.bindings.traceFrames-in-0.destination", Subjects.RAW.of(type));
        properties.put("spring.cloud.stream.bindings.traceFrames-in-0.group", UniqueNames.lowerToken("traced"));
        properties.put("spring.cloud.stream.bindings.traceFrames-in-0.consumer.batch-mode", "true");
        properties.put("spring.cloud.stream.nats.bindings.traceFrames-in-0.consumer.stream.name", STREAM);
        properties.put("spring.cloud.stream.nats.bindings.traceFrames-in-0.consumer.stream.subjects",
                Subjects.RAW.all());
        // As arguments: above the test class path's application.properties, which turns tracing off.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(TracingTestApp.class).web(WebApplicationType.NONE).run(args);
    }
}
