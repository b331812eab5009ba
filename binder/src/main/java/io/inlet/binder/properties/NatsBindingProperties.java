package io.inlet.binder.properties;

import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;

/** The NATS-specific consumer and producer settings of one binding. */
public class NatsBindingProperties implements BinderSpecificPropertiesProvider {

    private NatsConsumerProperties consumer = new NatsConsumerProperties();
    private NatsProducerProperties producer = new NatsProducerProperties();

    @Override
    public NatsConsumerProperties getConsumer() {
        return consumer;
    }

    public void setConsumer(NatsConsumerProperties consumer) {
        this.consumer = consumer;
    }

    @Override
    public NatsProducerProperties getProducer() {
        return producer;
    }

    public void setProducer(NatsProducerProperties producer) {
        this.producer = producer;
    }
}
