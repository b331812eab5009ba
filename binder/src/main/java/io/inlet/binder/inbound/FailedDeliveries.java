package io.inlet.binder.inbound;

import io.inlet.binder.Failures;
import io.inlet.binder.NatsBinderMetrics;
import io.inlet.binder.properties.NatsConsumerProperties;
import io.nats.client.Message;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What happens to a delivery whose handler failed: at its {@code max-deliver}-th delivery it is dead-lettered and
 * then acked (if the dead letter cannot be confirmed it stays in the stream); before that it is naked with the
 * binding's backoff for its delivery count.
 */
final class FailedDeliveries {

    private static final Log log = LogFactory.getLog(JetStreamInboundEndpoint.class);

    private final NatsConsumerProperties properties;
    private final NatsBinderMetrics.Consumer metrics;
    private final DeadLetters deadLetters;

    FailedDeliveries(NatsConsumerProperties properties, NatsBinderMetrics.Consumer metrics, DeadLetters deadLetters) {
        this.properties = properties;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    /** Whether any of {@code batch} is at its last allowed delivery. */
    boolean lastChanceFor(Iterable<Message> batch) {
        if (properties.getMaxDeliver() <= 0) {
            return false;
        }
        for (Message message : batch) {
            if (message.metaData().deliveredCount() >= properties.getMaxDeliver()) {
                return true;
            }
        }
        return false;
    }

    /** @param logEach whether to log this message's failure (a failed batch is logged once by the caller) */
    void failed(Message message, RuntimeException error, boolean logEach) {
        long delivered = message.metaData().deliveredCount();
        if (properties.getMaxDeliver() > 0 && delivered >= properties.getMaxDeliver()) {
            try {
                deadLetters.publish(message, error, delivered);
                message.ack();
                metrics.deadLettered().increment();
                log.error("Dead-lettered " + message.getSubject() + " #" + message.metaData().streamSequence()
                        + " to " + deadLetters.subject() + " after " + delivered + " deliveries: "
                        + Failures.describe(error));
                return;
            } catch (RuntimeException dlqFailure) {
                log.error("Could not dead-letter " + message.getSubject() + " #" + message.metaData().streamSequence()
                        + " (" + Failures.describe(dlqFailure) + "); it stays in the stream and will be redelivered");
            }
        }
        Duration delay = properties.backoffAfter(delivered);
        try {
            message.nakWithDelay(delay);
        } catch (RuntimeException nakFailure) {
            // The connection cannot take the nak now; JetStream redelivers the message after ack-wait anyway.
            log.debug("nak of " + message.getSubject() + " #" + message.metaData().streamSequence() + " failed: "
                    + Failures.describe(nakFailure));
        }
        metrics.nacked().increment();
        if (!logEach) {
            return;
        }
        log.warn("Handler failed on " + message.getSubject() + " #" + message.metaData().streamSequence()
                + " (delivery " + delivered + " of " + properties.getMaxDeliver() + "), redelivery in " + delay + ": "
                + Failures.describe(error), log.isDebugEnabled() ? error : null);
    }
}
