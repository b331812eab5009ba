package io.inlet.pipeline.steps;

import io.inlet.contracts.Violation;
import tools.jackson.databind.JsonNode;

/** What the pipeline steps made of one typed event. */
public sealed interface StepsResult {

    /** Every step applied: the record for {@code inlet.valid.<type>}. */
    record Kept(JsonNode record) implements StepsResult {
    }

    /** The filter at {@code index} was false: the event leaves the valid lake (not an error). */
    record Filtered(int index) implements StepsResult {
    }

    /** The step at {@code index} could not be applied: the event goes to the error lake, stage transform. */
    record Failed(int index, Violation violation) implements StepsResult {
    }
}
