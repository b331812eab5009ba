package io.inlet.binder.outbound;

import io.inlet.binder.NatsBinderMetrics;
import io.inlet.binder.NatsHeaderMapper;
import io.inlet.binder.PublishFailedException;
import io.inlet.binder.PublishScope;
import io.inlet.contracts.frame.FrameCompression;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessageHandlingException;

/**
 * Publishes to the subjects of one producer binding and makes sure JetStream has each message:
 * without a {@link PublishScope} a publish returns only after the PubAck; inside one, the pending
 * ack is handed to the scope, which bounds how many are in flight. A failure or timeout is an
 * exception to the sender, never a silent loss.
 *
 * <p>Messages sent to the binding's channel go to its destination; {@link #publish(String, Headers, byte[])}
 * is the same path without a Spring {@code Message} (see {@link io.inlet.binder.JetStreamOutput}).
 */
public class JetStreamPublishingHandler implements MessageHandler {

    private static final String NATS_MSG_ID = "Nats-Msg-Id";

    private final Supplier<JetStream> jetStream;
    private final String destination;
    private final String messageIdHeader;
    private final Duration ackTimeout;
    private final NatsBinderMetrics.Producer metrics;
    private final Runnable provision;
    private final FrameCompression frameCompression;
    private volatile boolean provisioned;

    public JetStreamPublishingHandler(Supplier<JetStream> jetStream, String destination, String messageIdHeader,
            Duration ackTimeout, NatsBinderMetrics.Producer metrics, Runnable provision,
            FrameCompression frameCompression) {
        this.frameCompression = frameCompression;
        this.jetStream = jetStream;
        this.destination = destination;
        this.messageIdHeader = messageIdHeader;
        this.ackTimeout = ackTimeout;
        this.metrics = metrics;
        this.provision = provision;
    }

    /** How frames published through this binding are compressed ({@code frame-compression}). */
    public FrameCompression frameCompression() {
        return frameCompression;
    }

    /** The binding's destination: one subject, or a wildcard that covers the subjects published to. */
    public String destination() {
        return destination;
    }

    @Override
    public void handleMessage(Message<?> message) {
        publish(destination, NatsHeaderMapper.toNats(message.getHeaders()), payload(message));
    }

    /**
     * Publishes one message; the header named by {@code message-id-header} (default {@code Nats-Msg-Id})
     * becomes its JetStream de-duplication id.
     *
     * @throws PublishFailedException when the publish could not be made, or (outside a scope) was not confirmed
     */
    public void publish(String subject, Headers headers, byte[] data) {
        ensureProvisioned(subject);
        if (!NATS_MSG_ID.equals(messageIdHeader)) {
            String messageId = headers.getFirst(messageIdHeader);
            if (messageId != null) {
                // The id source replaces whatever Nats-Msg-Id came along; the source header itself stays.
                headers.put(NATS_MSG_ID, messageId);
            }
        }
        NatsMessage nats = NatsMessage.builder().subject(subject).headers(headers).data(data).build();
        CompletableFuture<PublishAck> ack;
        try {
            ack = jetStream.get().publishAsync(nats);
        } catch (RuntimeException e) {
            metrics.failures().increment();
            throw new PublishFailedException(subject, e.getMessage(), e);
        }
        ack = ack.whenComplete((result, error) -> {
            if (error != null) {
                metrics.failures().increment();
            } else {
                metrics.published().increment();
                if (result.isDuplicate()) {
                    metrics.duplicates().increment();
                }
            }
        });
        PublishScope scope = PublishScope.current();
        if (scope != null) {
            scope.track(subject, ack, ackTimeout);
            return;
        }
        try (PublishScope own = PublishScope.open(1)) {
            own.track(subject, ack, ackTimeout);
            own.awaitAcks();
        }
    }

    /** A binding made while NATS was unreachable ensures its stream before its first publish. */
    private void ensureProvisioned(String subject) {
        if (provisioned) {
            return;
        }
        try {
            provision.run();
            provisioned = true;
        } catch (RuntimeException e) {
            metrics.failures().increment();
            throw new PublishFailedException(subject, e.getMessage(), e);
        }
    }

    private byte[] payload(Message<?> message) {
        Object payload = message.getPayload();
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new MessageHandlingException(message, "The NATS binder sends byte[] or String payloads, got "
                + payload.getClass().getName() + " (is a message converter missing, or native encoding on?)");
    }
}
