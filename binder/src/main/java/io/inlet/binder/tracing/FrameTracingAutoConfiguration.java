package io.inlet.binder.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's {@link FrameTracing}: on Micrometer Tracing when a real tracer is configured and
 * {@code management.tracing.export.enabled} is true (Spring Boot's switch for exporting and propagating traces),
 * else {@link FrameTracing#OFF}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration"})
public class FrameTracingAutoConfiguration {

    /** The property that turns the binder's tracing (and Boot's trace export) on or off. */
    public static final String ENABLED = "management.tracing.export.enabled";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
    @ConditionalOnBooleanProperty(name = ENABLED, matchIfMissing = true)
    static class OnMicrometerTracing {

        @Bean
        @ConditionalOnMissingBean(FrameTracing.class)
        FrameTracing frameTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
            Tracer theTracer = tracer.getIfUnique();
            Propagator thePropagator = propagator.getIfUnique();
            if (theTracer == null || thePropagator == null || theTracer == Tracer.NOOP
                    || thePropagator == Propagator.NOOP) {
                return FrameTracing.OFF;
            }
            return new MicrometerFrameTracing(theTracer, thePropagator);
        }
    }

    @Bean
    @ConditionalOnMissingBean(FrameTracing.class)
    FrameTracing frameTracingOff() {
        return FrameTracing.OFF;
    }
}
