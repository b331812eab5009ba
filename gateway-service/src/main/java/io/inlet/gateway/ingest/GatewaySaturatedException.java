package io.inlet.gateway.ingest;

import io.inlet.gateway.GatewayException;
import java.time.Duration;

/** Too many events are already waiting for JetStream; the client should retry shortly. */
public class GatewaySaturatedException extends GatewayException {

    private final Duration retryAfter;

    public GatewaySaturatedException(int requested, int limit, Duration retryAfter) {
        super("saturated", "The gateway has too many events in flight to JetStream to take " + requested
                + " more now; retry after " + retryAfter.toSeconds() + "s");
        this.retryAfter = retryAfter;
        with("limit", "max-events-in-flight");
        with("limitValue", limit);
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
