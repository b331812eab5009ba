package io.inlet.contracts.frame;

import io.inlet.contracts.ErrorEnvelope;
import io.inlet.contracts.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Why an event in an {@link EventFrame.Kind#ERRORS} frame could not go on: what {@link ErrorEnvelope} says of one
 * event besides the envelope and the bytes the frame already carries.
 *
 * @param stage      {@link ErrorEnvelope#STAGE_DECODE}, {@link ErrorEnvelope#STAGE_SCHEMA} or
 *                   {@link ErrorEnvelope#STAGE_TRANSFORM}
 * @param reason     a one-line summary
 * @param violations every violation found, possibly empty
 * @param subject    the NATS subject the failing input was read from, or {@code null}
 * @param failedAt   when the stage rejected it
 */
public record FrameFailure(String stage, String reason, List<Violation> violations, String subject,
                           Instant failedAt) {

    private static final Set<String> STAGES = Set.of(ErrorEnvelope.STAGE_DECODE, ErrorEnvelope.STAGE_SCHEMA,
            ErrorEnvelope.STAGE_TRANSFORM);

    public FrameFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failedAt, "failedAt");
        if (!STAGES.contains(stage)) {
            throw new IllegalArgumentException("stage must be one of " + STAGES + ", was " + stage);
        }
        violations = violations == null ? List.of() : List.copyOf(violations);
    }
}
