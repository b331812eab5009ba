package io.inlet.binder.tracing;

import io.inlet.contracts.frame.EventFrame;
import java.util.List;
import java.util.Map;

/**
 * Traces of frames across NATS: the W3C {@code traceparent} (and {@code tracestate}) of the span that published a frame
 * travel in the message's NATS headers, and the stage that receives it continues the trace. One span per frame
 * message and per stage, none per event.
 *
 * <p>{@link #OFF} is what every application gets unless a tracer is configured and
 * {@code management.tracing.export.enabled} is true: it adds no header and builds no span; its spans are the one
 * {@link TraceSpan#NOOP}. Get the application's from the context (the binder auto-configures one).
 */
public interface FrameTracing {

    /** At most this many links on one span (OpenTelemetry's default limit): the rest are counted, not linked. */
    int MAX_LINKS = 128;

    /** Tracing off. */
    FrameTracing OFF = new FrameTracing() {
    };

    /** Whether spans are made and contexts propagated at all. */
    default boolean enabled() {
        return false;
    }

    /**
     * Starts the span of publishing one frame message (a child of the current span, or the root of a new trace) and
     * writes its context into {@code headers}. The caller publishes, then closes the span.
     *
     * @param events the events of {@code frame} this message carries (a part of a split frame)
     */
    default TraceSpan publishing(String subject, EventFrame frame, List<?> events, String messageId,
                                 int bytes, Map<String, String> headers) {
        return TraceSpan.NOOP;
    }

    /**
     * Starts the span of a stage handling one delivered message: it continues the trace in the message's headers (a
     * new trace when there is none) and is current on this thread until closed, so what the stage publishes meanwhile
     * is its child.
     *
     * @param stage   the stage's name (consumer, pipeline, lake): the span's {@link SpanAttributes#STAGE}
     * @param headers the delivered message's headers ({@code NatsBatch.Entry#headers()} or a Spring message's)
     */
    default TraceSpan receiving(String stage, String subject, Map<String, ?> headers) {
        return TraceSpan.NOOP;
    }

    /**
     * Starts a span over work fed by several inputs of other traces (a frame gathered from many messages, a lake file
     * holding many frames): a child of the first input, linked to the others (at most {@link #MAX_LINKS}); a child of
     * the current span when no input is known. It is current on this thread until closed.
     *
     * @param inputs where the inputs' spans are, in order; {@code null}s are skipped
     */
    default TraceSpan gathering(String name, String stage, List<SpanRef> inputs) {
        return TraceSpan.NOOP;
    }

    /** The span context in a delivered message's headers, to link to later; {@code null} when off or there is none. */
    default SpanRef refOf(Map<String, ?> headers) {
        return null;
    }

    /** Adds an attribute to the current span (e.g. the request id on the gateway's HTTP span); nothing when off. */
    default void tagCurrent(String key, String value) {
    }
}
