package io.inlet.binder.properties;

import io.inlet.contracts.frame.FrameCompression;
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
    /**
     * How the binding's frames are compressed ({@code zstd}: their bodies as zstd, about a sixth of their size for
     * JSON events; {@code none}: as they are). Readers read both, whatever their own setting.
     */
    private FrameCompression frameCompression = FrameCompression.ZSTD;

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

    public FrameCompression getFrameCompression() {
        return frameCompression;
    }

    public void setFrameCompression(FrameCompression frameCompression) {
        this.frameCompression = frameCompression;
    }
}
