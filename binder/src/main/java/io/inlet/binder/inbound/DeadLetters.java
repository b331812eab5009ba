package io.inlet.binder.inbound;

import io.inlet.binder.Failures;
import io.inlet.binder.NatsBinderHeaders;
import io.inlet.binder.provisioning.NatsConsumerDestination;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Publishes a delivery that failed its last allowed delivery to the binding's dead-letter subject: its data and
 * headers unchanged, plus the exception (class, message, causes) and where it came from (subject, stream, sequence,
 * consumer, deliveries). Returns only once JetStream confirmed the dead letter, so the caller may ack the original.
 */
final class DeadLetters {

    private static final int MAX_HEADER_TEXT = 2000;

    private final Supplier<JetStream> jetStream;
    private final NatsConsumerDestination destination;
    private final Duration confirmTimeout;

    DeadLetters(Supplier<JetStream> jetStream, NatsConsumerDestination destination, Duration confirmTimeout) {
        this.jetStream = jetStream;
        this.destination = destination;
        this.confirmTimeout = confirmTimeout;
    }

    String subject() {
        return destination.deadLetterSubject();
    }

    /** @throws IllegalStateException when the dead letter was not confirmed */
    void publish(Message message, RuntimeException error, long delivered) {
        Headers headers = new Headers();
        if (message.getHeaders() != null) {
            message.getHeaders().forEach((key, values) -> headers.put(key, values));
        }
        Throwable cause = Failures.rootCause(error);
        headers.put(NatsBinderHeaders.EXCEPTION_CLASS, cause.getClass().getName());
        headers.put(NatsBinderHeaders.EXCEPTION_MESSAGE, oneLine(String.valueOf(cause.getMessage())));
        headers.put(NatsBinderHeaders.EXCEPTION_CAUSES, oneLine(causes(error)));
        headers.put(NatsBinderHeaders.ORIGINAL_SUBJECT, message.getSubject());
        headers.put(NatsBinderHeaders.ORIGINAL_STREAM, message.metaData().getStream());
        headers.put(NatsBinderHeaders.ORIGINAL_SEQUENCE, Long.toString(message.metaData().streamSequence()));
        headers.put(NatsBinderHeaders.ORIGINAL_CONSUMER, destination.consumerName());
        headers.put(NatsBinderHeaders.DELIVERIES, Long.toString(delivered));
        NatsMessage deadLetter = NatsMessage.builder().subject(destination.deadLetterSubject()).headers(headers)
                .data(message.getData()).build();
        try {
            PublishAck ack = jetStream.get().publishAsync(deadLetter).get(confirmTimeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            if (ack.getStream() == null) {
                throw new IllegalStateException("no stream confirmed the dead letter");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("dead-letter publish to " + destination.deadLetterSubject() + " failed: "
                    + Failures.describe(e), e);
        }
    }

    private static String causes(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null && text.length() < MAX_HEADER_TEXT;
                t = t.getCause() == t ? null : t.getCause()) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    private static String oneLine(String text) {
        String single = text.replace('\r', ' ').replace('\n', ' ');
        return single.length() > MAX_HEADER_TEXT ? single.substring(0, MAX_HEADER_TEXT) + "..." : single;
    }
}
