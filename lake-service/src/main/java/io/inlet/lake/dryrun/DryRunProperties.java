package io.inlet.lake.dryrun;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code inlet.lake.dry-run.*}: the bounds of a dry run.
 *
 * @param defaultLimit   events sampled when the request names no {@code limit}
 * @param maxLimit       the largest {@code limit} a request may ask for
 * @param timeout        a dry run stops reading after this long and answers with what it sampled
 *                       ({@code stoppedBy: "time"})
 * @param maxConcurrent  dry runs at the same time; one more is refused with 429
 * @param topViolations  how many (pointer, keyword) entries the answer lists
 * @param exampleIds     example event ids per entry
 * @param failures       failing events listed with their violations
 */
@Validated
@ConfigurationProperties("inlet.lake.dry-run")
public record DryRunProperties(@Min(1) @DefaultValue("1000") int defaultLimit,
                               @Min(1) @Max(100000) @DefaultValue("10000") int maxLimit,
                               @NotNull @DefaultValue("30s") Duration timeout,
                               @Min(1) @DefaultValue("2") int maxConcurrent,
                               @Min(1) @DefaultValue("20") int topViolations,
                               @Min(0) @DefaultValue("5") int exampleIds,
                               @Min(0) @DefaultValue("10") int failures) {
}
