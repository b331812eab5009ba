package io.inlet.lake.lineage;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Lineage lookups ({@code inlet.lake.lineage.*}).
 *
 * @param maxFiles       lake files one lookup reads at most (newest first); the answer says when it stopped short
 * @param defaultWindow  how far back a lookup of an id without a time in it searches when no {@code from} is given
 * @param rawStream      the stream a request lookup reads the request's events from (it keeps 7 days)
 * @param requestWindow  how long after a request's time its events are looked for in the raw stream
 * @param maxRawMessages raw messages one request lookup reads at most
 */
@Validated
@ConfigurationProperties("inlet.lake.lineage")
public record LineageProperties(@DefaultValue("2000") @Min(1) int maxFiles,
                                @DefaultValue("7d") @NotNull Duration defaultWindow,
                                @DefaultValue("INLET_RAW") @NotBlank String rawStream,
                                @DefaultValue("5m") @NotNull Duration requestWindow,
                                @DefaultValue("100000") @Min(1) int maxRawMessages) {
}
