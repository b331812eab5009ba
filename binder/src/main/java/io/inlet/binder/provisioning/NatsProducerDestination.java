package io.inlet.binder.provisioning;

import org.springframework.cloud.stream.provisioning.ProducerDestination;

/**
 * A producer destination: the subject and the stream that covers it ({@code null} when no stream
 * does; publishing then fails loudly with JetStream's "no responders"). {@code provisioned} is false
 * when NATS was not reachable at binding time: the stream is then ensured before the first publish.
 */
public record NatsProducerDestination(String subject, String stream, boolean provisioned)
        implements ProducerDestination {

    @Override
    public String getName() {
        return subject;
    }

    @Override
    public String getNameForPartition(int partition) {
        return subject + "." + partition;
    }
}
