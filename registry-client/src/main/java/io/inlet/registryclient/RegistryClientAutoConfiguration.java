package io.inlet.registryclient;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A {@link RegistryClient} bean for any Spring Boot service that sets {@code inlet.registry.url}. */
@AutoConfiguration
@ConditionalOnProperty(prefix = "inlet.registry", name = "url")
@EnableConfigurationProperties(RegistryClientProperties.class)
public class RegistryClientAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RegistryClient registryClient(RegistryClientProperties properties) {
        RegistryClient.Builder builder = RegistryClient.builder(properties.url())
                .timeout(properties.timeout())
                .refreshAfterWrite(properties.cache().refreshAfterWrite())
                .maximumSize(properties.cache().maximumSize());
        RegistryClientProperties.Credentials credentials = properties.credentials();
        if (credentials.token() != null && !credentials.token().isBlank()) {
            builder.bearerToken(credentials.token());
        } else if (credentials.username() != null && !credentials.username().isBlank()) {
            builder.basicAuth(credentials.username(), credentials.password());
        }
        return builder.build();
    }

    /** The client's metrics ({@link RegistryClientMetrics}) wherever Micrometer is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {

        @Bean
        RegistryClientMetrics registryClientMetrics(RegistryClient client) {
            return new RegistryClientMetrics(client);
        }
    }
}
