package io.inlet.gateway.ingest;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code inlet.gateway.limits.*}: what one request may carry. A breach is refused with a problem
 * that names the limit and its value: {@code max-body-size}, {@code max-events-per-request},
 * {@code max-event-size} (413), {@code max-depth}, {@code max-string-length},
 * {@code max-id-length} (400).
 *
 * @param maxBodySize         request body, after decompression
 * @param maxEventsPerRequest events in one request (array, NDJSON or CloudEvents batch)
 * @param maxEventSize        one event's JSON, as published
 * @param maxDepth            nesting of objects and arrays inside one event (the event object is 1)
 * @param maxStringLength     characters of one string value or property name
 * @param maxIdLength         characters of an event id (client ids, {@code Idempotency-Key}, CloudEvents id)
 */
@Validated
@ConfigurationProperties("inlet.gateway.limits")
public record IngestLimits(
        @NotNull @DefaultValue("5MB") DataSize maxBodySize,
        @Min(1) @Max(100_000) @DefaultValue("1000") int maxEventsPerRequest,
        @NotNull @DefaultValue("1MB") DataSize maxEventSize,
        @Min(1) @Max(1000) @DefaultValue("32") int maxDepth,
        @Min(1) @DefaultValue("262144") int maxStringLength,
        @Min(16) @Max(1024) @DefaultValue("128") int maxIdLength) {

    @AssertTrue(message = "max-body-size must be between 1 byte and 1 GB")
    boolean isBodySizeSane() {
        return maxBodySize != null && maxBodySize.toBytes() >= 1 && maxBodySize.toBytes() <= DataSize.ofGigabytes(1).toBytes();
    }

    @AssertTrue(message = "max-event-size must be at least 2 bytes and at most max-body-size")
    boolean isEventSizeWithinBody() {
        return maxEventSize != null && maxBodySize != null && maxEventSize.toBytes() >= 2
                && maxEventSize.toBytes() <= maxBodySize.toBytes();
    }

    public static IngestLimits defaults() {
        return new IngestLimits(DataSize.ofMegabytes(5), 1000, DataSize.ofMegabytes(1), 32, 262_144, 128);
    }
}
