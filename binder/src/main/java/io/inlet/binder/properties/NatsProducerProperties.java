package io.inlet.binder.properties;

import java.time.Duration;

/**
 * Per-binding producer settings: {@code spring.cloud.stream.nats.bindings.<binding>.producer.*}
 * (defaults under {@code spring.cloud.stream.nats.default.producer.*}).
 */
public class NatsProducerProperties {

    private StreamProperties stream = new StreamProperties();
    /** The message header whose value becomes {@code Nats-Msg-Id}, JetStream's de-duplication key. */
    private String messageIdHeader = "Nats-Msg-Id";
    /** How long a publish waits for its PubAck before it fails. */
    private Duration ackTimeout = Duration.ofSeconds(5);

    public StreamProperties getStream() {
        return stream;
    }

    public void setStream(StreamProperties stream) {
        this.stream = stream;
    }

    public String getMessageIdHeader() {
        return messageIdHeader;
    }

    public void setMessageIdHeader(String messageIdHeader) {
        this.messageIdHeader = messageIdHeader;
    }

    public Duration getAckTimeout() {
        return ackTimeout;
    }

    public void setAckTimeout(Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
    }
}
