package io.inlet.consumer.route;

import io.inlet.consumer.normalize.FrameForwarder;
import io.inlet.consumer.normalize.NormalizeProperties;
import io.inlet.consumer.normalize.RawMessageNormalizer;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    @Bean
    RawMessageNormalizer rawMessageNormalizer(NormalizeProperties properties) {
        return new RawMessageNormalizer(properties);
    }

    @Bean
    FrameForwarder frameForwarder() {
        return new FrameForwarder();
    }

    /**
     * Binding {@code normalizeRaw-in-0}: batches from {@code inlet.raw.>}. Typed {@code Message<?>} so that
     * the function layer hands the binder's {@code List<byte[]>} through without converting it.
     */
    @Bean
    Consumer<Message<?>> normalizeRaw(RawMessageRouter router) {
        return router::route;
    }
}
