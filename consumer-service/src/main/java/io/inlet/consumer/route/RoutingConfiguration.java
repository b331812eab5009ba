package io.inlet.consumer.route;

import io.inlet.consumer.normalize.NormalizeProperties;
import io.inlet.consumer.normalize.RawMessageNormalizer;
import java.util.List;
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

    /** Binding {@code normalizeRaw-in-0}: batches from {@code inlet.raw.>}. */
    @Bean
    Consumer<Message<List<byte[]>>> normalizeRaw(RawMessageRouter router) {
        return router::route;
    }
}
