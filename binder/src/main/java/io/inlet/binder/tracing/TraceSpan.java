package io.inlet.binder.tracing;

/**
 * A span a stage opened through {@link FrameTracing}: current on its thread until {@link #close()}, which ends it.
 * With tracing off every method does nothing ({@link #NOOP}, one shared instance).
 */
public interface TraceSpan extends AutoCloseable {

    /** The span of tracing off: records nothing, costs nothing. */
    TraceSpan NOOP = new TraceSpan() {
    };

    /** Whether anything is recorded: false when tracing is off or the trace is not sampled (skip costly tags). */
    default boolean recording() {
        return false;
    }

    default TraceSpan tag(String key, String value) {
        return this;
    }

    default TraceSpan tag(String key, long value) {
        return this;
    }

    /** Marks the span failed with {@code error}. */
    default void error(Throwable error) {
    }

    /** Where this span is (to continue or link to it later), or {@code null} when tracing is off. */
    default SpanRef ref() {
        return null;
    }

    /** Ends the span and restores the span that was current before. */
    @Override
    default void close() {
    }
}
