package io.inlet.consumer.normalize;

import io.inlet.contracts.EventIds;
import io.inlet.contracts.frame.Origin;
import io.inlet.normalizer.NormalizerLimits;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code inlet.consumer.*}: what one raw JSON message may carry, checked by the splitter the gateway uses too
 * ({@link io.inlet.normalizer.EventSplitter}), with the gateway's defaults for the per-event limits.
 *
 * @param maxEventsPerMessage {@code max-events-per-message}: a raw JSON message holding more events than this is
 *                            rejected as a whole (stage decode); at most {@value #MAX_EVENTS_PER_MESSAGE}, the
 *                            positions an event {@link Origin} can name
 * @param maxEventIdLength    {@code max-event-id-length}: a producer-supplied {@code inlet-event-id} longer than this
 *                            is rejected
 * @param maxEventSize        {@code max-event-size} (default 1MB): an event whose JSON is larger is rejected alone
 * @param maxDepth            {@code max-depth} (default 32): an event nesting objects and arrays deeper (the event
 *                            object is 1) is rejected alone
 * @param maxStringLength     {@code max-string-length} (default 262144): an event with a longer string value or
 *                            property name is rejected alone
 */
@Validated
@ConfigurationProperties("inlet.consumer")
public record NormalizeProperties(@Min(1) @Max(MAX_EVENTS_PER_MESSAGE) @DefaultValue("10000") int maxEventsPerMessage,
                                  @Min(1) @DefaultValue("128") int maxEventIdLength,
                                  @NotNull @DefaultValue("1MB") DataSize maxEventSize,
                                  @Min(1) @Max(1000) @DefaultValue("32") int maxDepth,
                                  @Min(1) @DefaultValue("262144") int maxStringLength) {

    /** {@code Origin.MAX_INDEX + 1}: an origin keeps 16 bits for the event's position in its raw message. */
    public static final int MAX_EVENTS_PER_MESSAGE = Origin.MAX_INDEX + 1;

    @ConstructorBinding
    public NormalizeProperties {
    }

    /** The given event and id limits, the defaults for the rest. */
    public NormalizeProperties(int maxEventsPerMessage, int maxEventIdLength) {
        this(maxEventsPerMessage, maxEventIdLength, DataSize.ofMegabytes(1), 32, 262_144);
    }

    public static NormalizeProperties defaults() {
        return new NormalizeProperties(10_000, EventIds.DEFAULT_MAX_LENGTH);
    }

    @AssertTrue(message = "max-event-size must be at least 2 bytes")
    boolean isEventSizeSane() {
        return maxEventSize != null && maxEventSize.toBytes() >= 2;
    }

    /** The limit applied: the configured one, never more than an origin can number (for instances built by hand). */
    int eventsPerMessageLimit() {
        return Math.max(1, Math.min(maxEventsPerMessage, MAX_EVENTS_PER_MESSAGE));
    }

    /** The splitter's limits: a message's size is bounded by NATS (max_payload), not here. */
    NormalizerLimits splitterLimits() {
        return new NormalizerLimits(Integer.MAX_VALUE, eventsPerMessageLimit(), Math.max(2, maxEventSize.toBytes()),
                Math.max(1, maxDepth), Math.max(1, maxStringLength), Math.max(1, maxEventIdLength));
    }
}
