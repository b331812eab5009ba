package io.inlet.validation;

import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.Violation;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What applying a schema to an event's bytes gave, as the pipeline's schema applier decides it: the event's JSON
 * (typed when it passed), or the stage, reason and violations of its failure as the error lake records them.
 *
 * @param json       the decoded event; typed to its schema version when it passed; null after a decode failure
 * @param stage      null when the event passed, else {@link FrameFailure#STAGE_DECODE} or
 *                   {@link FrameFailure#STAGE_SCHEMA}
 * @param reason     null when the event passed, else the error lake's reason
 * @param violations every violation (pointer, keyword, message); empty when the event passed
 */
public record Validation(JsonNode json, String stage, String reason, List<Violation> violations) {

    public Validation {
        violations = List.copyOf(violations);
    }

    static Validation passed(JsonNode json) {
        return new Validation(json, null, null, List.of());
    }

    static Validation failed(JsonNode json, String stage, String reason, List<Violation> violations) {
        return new Validation(json, stage, reason, violations);
    }

    public boolean passed() {
        return stage == null;
    }
}
