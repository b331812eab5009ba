package io.inlet.contracts.frame;

import io.inlet.contracts.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Why an event in an {@link EventFrame.Kind#ERRORS} frame could not go on: what the error lake records of one
 * event besides the envelope and the bytes the frame already carries.
 *
 * @param stage      {@link #STAGE_DECODE}, {@link #STAGE_SCHEMA} or {@link #STAGE_TRANSFORM}
 * @param reason     a one-line summary
 * @param violations every violation found, possibly empty
 * @param subject    the NATS subject the failing input was read from, or {@code null}
 * @param failedAt   when the stage rejected it
 */
public record FrameFailure(String stage, String reason, List<Violation> violations, String subject,
                           Instant failedAt) {

    /** The input could not be read: not JSON, not an object, not a frame, a frame of another event type. */
    public static final String STAGE_DECODE = "decode";
    /** The event fails its schema, or no schema exists for it. */
    public static final String STAGE_SCHEMA = "schema";
    /** A pipeline step failed on the event. */
    public static final String STAGE_TRANSFORM = "transform";

    private static final Set<String> STAGES = Set.of(STAGE_DECODE, STAGE_SCHEMA, STAGE_TRANSFORM);

    public FrameFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failedAt, "failedAt");
        if (!STAGES.contains(stage)) {
            throw new IllegalArgumentException("stage must be one of " + STAGES + ", was " + stage);
        }
        violations = violations == null ? List.of() : List.copyOf(violations);
    }
}
