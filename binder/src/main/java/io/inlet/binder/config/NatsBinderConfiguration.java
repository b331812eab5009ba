package io.inlet.binder.config;

import io.inlet.binder.NatsBinderMetrics;
import io.inlet.binder.NatsMessageChannelBinder;
import io.inlet.binder.connection.NatsConnectionFactory;
import io.inlet.binder.connection.NatsConnectionProvider;
import io.inlet.binder.health.NatsHealthIndicator;
import io.inlet.binder.inbound.ConsumerLagGauges;
import io.inlet.binder.inbound.ConsumerStatuses;
import io.inlet.binder.properties.NatsBinderProperties;
import io.inlet.binder.properties.NatsExtendedBindingProperties;
import io.inlet.binder.provisioning.NatsStreamProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code nats} binder's context (registered in {@code META-INF/spring.binders}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({NatsBinderProperties.class, NatsExtendedBindingProperties.class})
public class NatsBinderConfiguration {

    @Bean(destroyMethod = "close")
    NatsConnectionProvider natsBinderConnection(NatsBinderProperties properties) {
        return NatsConnectionFactory.connect(properties);
    }

    @Bean
    NatsStreamProvisioner natsStreamProvisioner(NatsConnectionProvider natsBinderConnection) {
        return new NatsStreamProvisioner(natsBinderConnection);
    }

    @Bean
    NatsBinderMetrics natsBinderMetrics(ObjectProvider<MeterRegistry> meterRegistry) {
        return new NatsBinderMetrics(meterRegistry.getIfAvailable());
    }

    @Bean
    ConsumerStatuses natsConsumerStatuses() {
        return new ConsumerStatuses();
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ConsumerLagGauges natsConsumerLagGauges(ConsumerStatuses natsConsumerStatuses, NatsBinderMetrics metrics,
            NatsConnectionProvider natsBinderConnection, NatsBinderProperties properties) {
        return new ConsumerLagGauges(natsConsumerStatuses, metrics, ConsumerLagGauges.from(natsBinderConnection),
                properties.lagInterval());
    }

    @Bean
    NatsMessageChannelBinder natsMessageChannelBinder(NatsConnectionProvider natsBinderConnection,
            NatsStreamProvisioner provisioner, NatsExtendedBindingProperties extendedBindingProperties,
            NatsBinderMetrics metrics, ConsumerStatuses natsConsumerStatuses) {
        return new NatsMessageChannelBinder(natsBinderConnection, provisioner, extendedBindingProperties, metrics,
                natsConsumerStatuses);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {

        @Bean
        NatsHealthIndicator natsHealthIndicator(NatsConnectionProvider natsBinderConnection,
                ConsumerStatuses natsConsumerStatuses) {
            return new NatsHealthIndicator(natsBinderConnection, natsConsumerStatuses);
        }
    }
}
