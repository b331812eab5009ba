package io.inlet.consumer.normalize;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code inlet.consumer.*}.
 *
 * @param maxEventsPerMessage a raw message holding more events than this is rejected as a whole (stage decode)
 * @param maxEventIdLength    a producer-supplied {@code inlet-event-id} longer than this is rejected
 */
@ConfigurationProperties("inlet.consumer")
public record NormalizeProperties(@DefaultValue("10000") int maxEventsPerMessage,
                                  @DefaultValue("128") int maxEventIdLength) {

    public NormalizeProperties {
        if (maxEventsPerMessage < 1) {
            throw new IllegalArgumentException("inlet.consumer.max-events-per-message must be positive, was "
                    + maxEventsPerMessage);
        }
        if (maxEventIdLength < 1) {
            throw new IllegalArgumentException("inlet.consumer.max-event-id-length must be positive, was "
                    + maxEventIdLength);
        }
    }

    public static NormalizeProperties defaults() {
        return new NormalizeProperties(10_000, 128);
    }
}
