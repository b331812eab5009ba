package io.inlet.binder.tracing;

import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FramedEvent;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link FrameTracing} on Micrometer Tracing's {@link Tracer} and {@link Propagator} (with Spring Boot's OpenTelemetry
 * starter: the OpenTelemetry SDK, W3C propagation, the configured sampler and exporter). Spans are built with the
 * tracer rather than as observations because a span over gathered work needs links and a parent taken from a stored
 * context, which the Observation API cannot express.
 */
public final class MicrometerFrameTracing implements FrameTracing {

    private static final Propagator.Getter<Map<String, ?>> HEADERS = (headers, key) -> {
        Object value = headers.get(key);
        return value == null ? null : value.toString();
    };
    private static final Propagator.Setter<Map<String, String>> SET_HEADER = (headers, key, value) -> {
        if (headers != null) {
            headers.put(key, value);
        }
    };
    /** Distinct request ids named on a frame span before it only counts them. */
    private static final int MAX_REQUEST_IDS = 16;

    private final Tracer tracer;
    private final Propagator propagator;

    public MicrometerFrameTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public TraceSpan publishing(String subject, EventFrame frame, List<?> events, String messageId, int bytes,
                                Map<String, String> headers) {
        Span.Builder builder = tracer.spanBuilder().name("publish " + subject).kind(Span.Kind.PRODUCER);
        Span current = tracer.currentSpan();
        if (current != null) {
            builder.setParent(current.context());
        }
        Span span = builder.start();
        propagator.inject(span.context(), headers, SET_HEADER);
        if (!span.isNoop()) {
            span.tag(SpanAttributes.MESSAGING_SYSTEM, "nats");
            span.tag(SpanAttributes.DESTINATION, subject);
            span.tag(SpanAttributes.MESSAGE_ID, messageId);
            span.tag(SpanAttributes.EVENT_TYPE, frame.eventType().name());
            span.tag(SpanAttributes.FRAME_KIND, frame.kind().name().toLowerCase(java.util.Locale.ROOT));
            span.tag(SpanAttributes.EVENT_COUNT, events.size());
            span.tag(SpanAttributes.FRAME_BYTES, bytes);
            tagRequests(span, events);
        }
        // Not put in scope: nothing runs under a publish but the publish itself.
        return new Opened(span, null);
    }

    @Override
    public TraceSpan receiving(String stage, String subject, Map<String, ?> headers) {
        Span span = propagator.extract(headers, HEADERS).name("process " + subject).kind(Span.Kind.CONSUMER).start();
        if (!span.isNoop()) {
            span.tag(SpanAttributes.MESSAGING_SYSTEM, "nats");
            span.tag(SpanAttributes.DESTINATION, subject);
            span.tag(SpanAttributes.STAGE, stage);
            Object id = headers.get("nats_msgId");
            if (id != null) {
                span.tag(SpanAttributes.MESSAGE_ID, id.toString());
            }
        }
        return new Opened(span, tracer.withSpan(span));
    }

    @Override
    public TraceSpan gathering(String name, String stage, List<SpanRef> inputs) {
        Span.Builder builder = tracer.spanBuilder().name(name).kind(Span.Kind.CONSUMER);
        boolean parented = false;
        int links = 0;
        int count = 0;
        Set<SpanRef> seen = new LinkedHashSet<>();
        for (SpanRef input : inputs) {
            if (input == null || !seen.add(input)) {
                continue;
            }
            count++;
            if (!parented) {
                builder.setParent(context(input));
                parented = true;
            } else if (links < MAX_LINKS) {
                builder.addLink(new Link(context(input)));
                links++;
            }
        }
        if (!parented) {
            Span current = tracer.currentSpan();
            if (current != null) {
                builder.setParent(current.context());
            }
        }
        Span span = builder.start();
        if (!span.isNoop()) {
            span.tag(SpanAttributes.STAGE, stage);
            span.tag(SpanAttributes.INPUT_COUNT, count);
        }
        return new Opened(span, tracer.withSpan(span));
    }

    @Override
    public SpanRef refOf(Map<String, ?> headers) {
        return SpanRef.fromTraceparent(headers.get(SpanRef.TRACEPARENT));
    }

    @Override
    public void tagCurrent(String key, String value) {
        Span current = tracer.currentSpan();
        if (current != null && value != null) {
            current.tag(key, value);
        }
    }

    private TraceContext context(SpanRef ref) {
        return tracer.traceContextBuilder().traceId(ref.traceId()).spanId(ref.spanId()).sampled(ref.sampled())
                .build();
    }

    /** The request id when the events share one, else how many requests they came in (bounded work). */
    private static void tagRequests(Span span, List<?> events) {
        Set<String> ids = new LinkedHashSet<>();
        boolean more = false;
        for (Object event : events) {
            if (event instanceof FramedEvent framed && framed.requestId() != null) {
                if (ids.size() < MAX_REQUEST_IDS) {
                    ids.add(framed.requestId());
                } else if (!ids.contains(framed.requestId())) {
                    more = true;
                    break;
                }
            }
        }
        if (ids.size() == 1) {
            span.tag(SpanAttributes.REQUEST_ID, ids.iterator().next());
        } else if (!ids.isEmpty()) {
            span.tagOfStrings(SpanAttributes.REQUEST_ID, List.copyOf(ids));
            if (!more) {
                span.tag(SpanAttributes.REQUEST_COUNT, ids.size());
            }
        }
    }

    /** A started span and, when it was made current, its scope. */
    private static final class Opened implements TraceSpan {

        private final Span span;
        private final Tracer.SpanInScope scope;

        Opened(Span span, Tracer.SpanInScope scope) {
            this.span = span;
            this.scope = scope;
        }

        @Override
        public boolean recording() {
            return !span.isNoop();
        }

        @Override
        public TraceSpan tag(String key, String value) {
            if (value != null) {
                span.tag(key, value);
            }
            return this;
        }

        @Override
        public TraceSpan tag(String key, long value) {
            span.tag(key, value);
            return this;
        }

        @Override
        public void error(Throwable error) {
            span.error(error);
        }

        @Override
        public SpanRef ref() {
            TraceContext context = span.context();
            return new SpanRef(context.traceId(), context.spanId(), Boolean.TRUE.equals(context.sampled()));
        }

        @Override
        public void close() {
            if (scope != null) {
                scope.close();
            }
            span.end();
        }
    }
}
