package io.inlet.normalizer;

/**
 * What one body may carry; each stage binds these from its own configuration (the gateway's
 * {@code inlet.gateway.limits.*}, the consumer's {@code inlet.consumer.*}).
 *
 * @param maxBodySize     bytes of the whole body
 * @param maxEvents       events in one body (array, NDJSON, CloudEvents batch)
 * @param maxEventSize    bytes of one event's JSON, as kept
 * @param maxDepth        nesting of objects and arrays inside one event (the event object is 1)
 * @param maxStringLength characters of one string value or property name
 * @param maxIdLength     characters of an event id
 */
public record NormalizerLimits(long maxBodySize, int maxEvents, long maxEventSize, int maxDepth, int maxStringLength,
                               int maxIdLength) {

    /** The gateway's defaults: 5 MB bodies, 1000 events, 1 MB events, depth 32, 262144 characters, 128-character ids. */
    public static final NormalizerLimits DEFAULTS = new NormalizerLimits(5L * 1024 * 1024, 1000, 1024L * 1024, 32,
            262_144, 128);

    public NormalizerLimits {
        if (maxBodySize < 1 || maxEvents < 1 || maxEventSize < 2 || maxDepth < 1 || maxStringLength < 1
                || maxIdLength < 1) {
            throw new IllegalArgumentException("every limit must be positive (max-event-size at least 2): " + maxBodySize
                    + ", " + maxEvents + ", " + maxEventSize + ", " + maxDepth + ", " + maxStringLength + ", "
                    + maxIdLength);
        }
    }
}
