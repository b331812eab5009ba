package io.inlet.gateway.eventtypes;

import io.inlet.registryclient.RegistryClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code reject} needs the registry ({@code inlet.registry.url}); starting without it would
 * silently accept every type, so the gateway refuses to start instead.
 */
@Configuration(proxyBeanMethods = false)
class EventTypeCatalogConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EventTypeCatalogConfiguration.class);

    @Bean
    EventTypeCatalog eventTypeCatalog(EventTypeProperties properties, ObjectProvider<RegistryClient> registry,
            MeterRegistry meters) {
        if (properties.unknown() == EventTypeProperties.UnknownTypes.ACCEPT) {
            log.info("Event types are not checked against the registry (inlet.gateway.event-types.unknown=accept)");
            return (type, version) -> {
            };
        }
        RegistryClient client = registry.getIfAvailable();
        if (client == null) {
            throw new IllegalStateException("inlet.gateway.event-types.unknown=reject needs the schema registry: "
                    + "set inlet.registry.url, or set inlet.gateway.event-types.unknown=accept");
        }
        return new RegistryEventTypeCatalog(client, properties.unknownCacheTtl(), meters);
    }
}
