package io.inlet.consumer.normalize;

import io.inlet.contracts.EventIds;
import io.inlet.contracts.frame.Origin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code inlet.consumer.*}.
 *
 * @param maxEventsPerMessage a raw JSON message holding more events than this is rejected as a whole (stage decode);
 *                            at most {@value #MAX_EVENTS_PER_MESSAGE}, the positions an event {@link Origin} can name
 * @param maxEventIdLength    a producer-supplied {@code inlet-event-id} longer than this is rejected
 */
@Validated
@ConfigurationProperties("inlet.consumer")
public record NormalizeProperties(@Min(1) @Max(MAX_EVENTS_PER_MESSAGE) @DefaultValue("10000") int maxEventsPerMessage,
                                  @Min(1) @DefaultValue("128") int maxEventIdLength) {

    /** {@code Origin.MAX_INDEX + 1}: an origin keeps 16 bits for the event's position in its raw message. */
    public static final int MAX_EVENTS_PER_MESSAGE = Origin.MAX_INDEX + 1;

    public static NormalizeProperties defaults() {
        return new NormalizeProperties(10_000, EventIds.DEFAULT_MAX_LENGTH);
    }

    /** The limit applied: the configured one, never more than an origin can number (for instances built by hand). */
    int eventsPerMessageLimit() {
        return Math.max(1, Math.min(maxEventsPerMessage, MAX_EVENTS_PER_MESSAGE));
    }
}
