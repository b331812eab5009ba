package io.inlet.gateway.ingest;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code inlet.gateway.publish.*}: how the gateway hands events to JetStream.
 *
 * @param maxEventsInFlight      events published but not yet acknowledged, over all requests; a request
 *                               that would exceed it waits up to {@code acquireTimeout}, then gets 429
 * @param acquireTimeout         how long a request waits for room among the events in flight
 * @param saturatedRetryAfter    {@code Retry-After} of the 429 answered when saturated
 * @param unavailableRetryAfter  {@code Retry-After} of the 503 answered when JetStream did not confirm
 */
@Validated
@ConfigurationProperties("inlet.gateway.publish")
public record PublishProperties(
        @Min(1) @DefaultValue("20000") int maxEventsInFlight,
        @NotNull @DefaultValue("100ms") Duration acquireTimeout,
        @NotNull @DefaultValue("1s") Duration saturatedRetryAfter,
        @NotNull @DefaultValue("5s") Duration unavailableRetryAfter) {
}
