package io.inlet.binder.config;

import io.inlet.binder.NatsOutputs;
import io.inlet.binder.tracing.FrameTracing;
import io.inlet.binder.tracing.FrameTracingAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.context.annotation.Bean;

/** Makes {@link NatsOutputs} available in the application's context. */
@AutoConfiguration(after = FrameTracingAutoConfiguration.class)
@ConditionalOnClass(BinderFactory.class)
public class NatsOutputsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    NatsOutputs natsOutputs(ObjectProvider<BinderFactory> binderFactory, ObjectProvider<FrameTracing> tracing) {
        return new NatsOutputs(binderFactory, null, tracing.getIfAvailable(() -> FrameTracing.OFF));
    }
}
