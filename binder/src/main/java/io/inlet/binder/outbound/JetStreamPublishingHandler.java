package io.inlet.binder.outbound;

import io.inlet.binder.NatsBinderMetrics;
import io.inlet.binder.NatsHeaderMapper;
import io.inlet.binder.PublishFailedException;
import io.inlet.binder.PublishScope;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessageHandlingException;

/**
 * Publishes each message to one subject and makes sure JetStream has it: without a
 * {@link PublishScope} the send returns only after the PubAck; inside one, the pending ack is handed
 * to the scope, which bounds how many are in flight. A failure or timeout is an exception to the
 * sender, never a silent loss.
 */
public class JetStreamPublishingHandler implements MessageHandler {

    private static final String NATS_MSG_ID = "Nats-Msg-Id";

    private final java.util.function.Supplier<JetStream> jetStream;
    private final String subject;
    private final String messageIdHeader;
    private final Duration ackTimeout;
    private final NatsBinderMetrics.Producer metrics;
    private final Runnable provision;
    private volatile boolean provisioned;

    public JetStreamPublishingHandler(java.util.function.Supplier<JetStream> jetStream, String subject, String messageIdHeader, Duration ackTimeout,
            NatsBinderMetrics.Producer metrics, Runnable provision) {
        this.jetStream = jetStream;
        this.subject = subject;
        this.messageIdHeader = messageIdHeader;
        this.ackTimeout = ackTimeout;
        this.metrics = metrics;
        this.provision = provision;
    }

    @Override
    public void handleMessage(Message<?> message) {
        ensureProvisioned();
        Headers headers = NatsHeaderMapper.toNats(message.getHeaders());
        PublishOptions.Builder options = PublishOptions.builder();
        Object messageId = message.getHeaders().get(messageIdHeader);
        if (messageId != null) {
            options.messageId(messageId.toString());
            // The option writes Nats-Msg-Id itself; any other header named as the id source stays as it is.
            headers.remove(NATS_MSG_ID);
        }
        NatsMessage nats = NatsMessage.builder().subject(subject).headers(headers).data(payload(message)).build();
        CompletableFuture<PublishAck> ack;
        try {
            ack = jetStream.get().publishAsync(nats, options.build());
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
    private void ensureProvisioned() {
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
