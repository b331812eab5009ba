package io.inlet.gateway.ingest;

import io.inlet.gateway.GatewayException;
import java.time.Duration;

/**
 * JetStream did not confirm every event of the request (not reachable, no PubAck in time, stream
 * missing). None of the request's events may be reported as accepted; the client retries, and the
 * events' ids make the retry safe.
 */
public class PublishUnavailableException extends GatewayException {

    private final Duration retryAfter;

    public PublishUnavailableException(String detail, Duration retryAfter, Throwable cause) {
        super("publish-unavailable", "The events could not be stored: " + detail + ". Nothing was accepted; "
                + "retry after " + retryAfter.toSeconds() + "s (event ids make retries safe)", cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
