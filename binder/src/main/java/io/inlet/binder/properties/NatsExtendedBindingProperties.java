package io.inlet.binder.properties;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.stream.binder.AbstractExtendedBindingProperties;
import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;

/** {@code spring.cloud.stream.nats.bindings.<binding>.*} and {@code spring.cloud.stream.nats.default.*}. */
@ConfigurationProperties("spring.cloud.stream.nats")
public class NatsExtendedBindingProperties extends
        AbstractExtendedBindingProperties<NatsConsumerProperties, NatsProducerProperties, NatsBindingProperties> {

    private static final String DEFAULTS_PREFIX = "spring.cloud.stream.nats.default";

    @Override
    public String getDefaultsPrefix() {
        return DEFAULTS_PREFIX;
    }

    @Override
    public Class<? extends BinderSpecificPropertiesProvider> getExtendedPropertiesEntryClass() {
        return NatsBindingProperties.class;
    }
}
