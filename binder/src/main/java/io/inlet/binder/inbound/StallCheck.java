package io.inlet.binder.inbound;

import io.inlet.binder.Failures;
import io.inlet.binder.connection.NatsConnectionProvider;
import io.inlet.binder.provisioning.NatsConsumerDestination;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.ConsumerInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * After an empty fetch, at most every {@code stall-check-interval} once fetches have been empty for
 * {@code stall-timeout}: asks JetStream whether the consumer has messages waiting (or is gone), and if so reports the
 * binding STALLED and makes every pull loop subscribe anew ({@link StallDetector#resubscribeAll()}). A consumer info
 * request that JetStream does not answer makes the connection check itself.
 */
final class StallCheck {

    private static final Log log = LogFactory.getLog(JetStreamInboundEndpoint.class);
    private static final int CONSUMER_NOT_FOUND = 10014;

    private final NatsConnectionProvider connection;
    private final NatsConsumerDestination destination;
    private final StallDetector stall;
    private final ConsumerStatus status;

    StallCheck(NatsConnectionProvider connection, NatsConsumerDestination destination, StallDetector stall,
            ConsumerStatus status) {
        this.connection = connection;
        this.destination = destination;
        this.stall = stall;
        this.status = status;
    }

    void afterEmptyFetch() {
        if (!stall.checkDue()) {
            return;
        }
        Duration quiet = stall.quietFor();
        ConsumerInfo info;
        try {
            info = connection.management().getConsumerInfo(destination.stream(), destination.consumerName());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != CONSUMER_NOT_FOUND) {
                log.warn("Cannot check whether " + consumerRef() + " still delivers: " + Failures.describe(e));
                return;
            }
            stalled("no delivery for " + seconds(quiet) + " and its consumer does not exist");
            return;
        } catch (IOException | RuntimeException e) {
            log.warn("Fetches from " + consumerRef() + " delivered nothing for " + seconds(quiet)
                    + " and JetStream did not answer a consumer info request (" + Failures.describe(e) + ")");
            connection.recoverIfUnresponsive("a consumer info request for " + consumerRef() + " timed out");
            return;
        }
        long maxAckPending = info.getConsumerConfiguration().getMaxAckPending();
        if (!StallDetector.messagesWaiting(info.getNumPending(), info.getNumAckPending(), maxAckPending)) {
            status.notStalled();
            return;
        }
        stalled("no delivery for " + seconds(quiet) + " while " + info.getNumPending()
                + " messages wait for delivery (" + info.getNumAckPending() + " unacknowledged of max "
                + maxAckPending + ")");
    }

    private void stalled(String why) {
        log.warn("Consumer " + consumerRef() + " stalled: " + why + "; resubscribing");
        status.stalled(why);
        stall.resubscribeAll();
    }

    private String consumerRef() {
        return destination.stream() + "/" + destination.consumerName();
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }
}
