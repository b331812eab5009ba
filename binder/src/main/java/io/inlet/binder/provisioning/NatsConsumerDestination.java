package io.inlet.binder.provisioning;

import org.springframework.cloud.stream.provisioning.ConsumerDestination;

/**
 * A provisioned consumer: the durable (or, without a group, the instance's own) JetStream consumer
 * on {@code stream} filtered to {@code subject}, and where its dead letters go.
 */
public record NatsConsumerDestination(String subject, String stream, String consumerName, boolean durable,
        String deadLetterSubject) implements ConsumerDestination {

    @Override
    public String getName() {
        return subject;
    }
}
