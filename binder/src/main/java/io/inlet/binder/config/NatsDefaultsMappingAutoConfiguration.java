package io.inlet.binder.config;

import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.cloud.stream.config.BindingHandlerAdvise.MappingsProvider;
import org.springframework.context.annotation.Bean;

/**
 * Makes {@code spring.cloud.stream.nats.default.*} the base of every binding's {@code
 * spring.cloud.stream.nats.bindings.<binding>.*}, as the other Spring Cloud Stream binders do: a binding's own
 * settings override the defaults field by field. Without it the defaults reached only bindings with no settings of
 * their own, so a deployment-wide {@code default.producer.stream.max-age} (Helm's {@code nats.streams.*}) was
 * silently ignored by every stage that configures its streams.
 */
@AutoConfiguration
public class NatsDefaultsMappingAutoConfiguration {

    @Bean
    MappingsProvider natsExtendedPropertiesDefaultMappingsProvider() {
        return () -> Map.of(ConfigurationPropertyName.of("spring.cloud.stream.nats.bindings"),
                ConfigurationPropertyName.of("spring.cloud.stream.nats.default"));
    }
}
