package io.inlet.lake.replay;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Replays from the error lake ({@code inlet.lake.replay.*}).
 *
 * @param enabled        whether this instance runs replays (any instance may; one runs each replay at a time)
 * @param pollInterval   how often an idle instance looks for a replay to run (or resume)
 * @param lease          how long a replay stays with the instance running it without progress; after a crash
 *                       another instance (or the restarted one) resumes it once this ran out
 * @param frameEvents    events per replayed frame (and per progress record)
 * @param publishAttempts how often a frame's publish is tried before the replay pauses ({@code paused}, with the
 *                       last error; {@code POST /api/lake/replays/{id}/resume} goes on from its cursor)
 * @param retryBackoff   the wait after a frame's first failed publish; doubled after each further one
 * @param maxRetryBackoff the longest wait between two publishes of a frame (never more than half the lease, which
 *                       each failed attempt renews)
 * @param defaultRate    events per second when a replay asks for no rate
 * @param maxRate        the highest rate a replay may ask for
 * @param dryRunLimit    events a dry run checks when it asks for no limit
 * @param dryRunMaxLimit the most a dry run may check
 */
@Validated
@ConfigurationProperties("inlet.lake.replay")
public record ReplayProperties(@DefaultValue("true") boolean enabled,
                               @DefaultValue("1s") @NotNull Duration pollInterval,
                               @DefaultValue("30s") @NotNull Duration lease,
                               @DefaultValue("500") @Min(1) @Max(65536) int frameEvents,
                               @DefaultValue("5") @Min(1) int publishAttempts,
                               @DefaultValue("1s") @NotNull Duration retryBackoff,
                               @DefaultValue("30s") @NotNull Duration maxRetryBackoff,
                               @DefaultValue("1000") @Min(1) int defaultRate,
                               @DefaultValue("100000") @Min(1) int maxRate,
                               @DefaultValue("1000") @Min(1) int dryRunLimit,
                               @DefaultValue("10000") @Min(1) int dryRunMaxLimit) {
}
