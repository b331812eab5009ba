package io.inlet.binder.provisioning;

import org.springframework.cloud.stream.provisioning.ProducerDestination;

/**
 * A provisioned producer destination: the subject and the stream that covers it ({@code null} when
 * no stream does; publishing then fails loudly with JetStream's "no responders").
 */
public record NatsProducerDestination(String subject, String stream) implements ProducerDestination {

    @Override
    public String getName() {
        return subject;
    }

    @Override
    public String getNameForPartition(int partition) {
        return subject + "." + partition;
    }
}
