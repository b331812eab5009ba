package io.inlet.registryclient.pipeline;

import java.util.Objects;

/**
 * One declared step of an event type's pipeline, as the registry stores it and the pipeline-service
 * runs it. The JSON form is polymorphic on {@code "type"}; a new kind of step (e.g. {@code "sql"}) is a
 * new record here plus its case in {@link PipelineSteps}, without changing the stage's contract
 * (subjects, headers, error envelope).
 */
public sealed interface PipelineStep permits PipelineStep.Rename, PipelineStep.Drop, PipelineStep.Derive,
        PipelineStep.Filter {

    /** The value of the {@code "type"} field, also the keyword of a violation this step reports. */
    String type();

    /** Where in the event the step acts (a JSON pointer), {@code ""} for the whole event. */
    String pointer();

    /**
     * Moves the value at {@code from} to {@code to} (missing parent objects of {@code to} are created).
     * A missing {@code from} is a failure if {@code required}, else the step does nothing; an existing
     * {@code to} is a failure (a rename never overwrites data).
     */
    record Rename(StepPointer from, StepPointer to, boolean required) implements PipelineStep {
        public Rename {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public String type() {
            return "rename";
        }

        @Override
        public String pointer() {
            return from.text();
        }
    }

    /** Removes the value at {@code path}; a missing path is not an error. */
    record Drop(StepPointer path) implements PipelineStep {
        public Drop {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String type() {
            return "drop";
        }

        @Override
        public String pointer() {
            return path.text();
        }
    }

    /** Sets {@code path} (replacing any value there) to the value of {@code expression} over the event. */
    record Derive(StepPointer path, StepExpression expression) implements PipelineStep {
        public Derive {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(expression, "expression");
        }

        @Override
        public String type() {
            return "derive";
        }

        @Override
        public String pointer() {
            return path.text();
        }
    }

    /**
     * Keeps the event if {@code expression} is {@code true}; {@code false} takes it out of the valid
     * lake (counted, not an error); any other result is a failure of the event.
     */
    record Filter(StepExpression expression) implements PipelineStep {
        public Filter {
            Objects.requireNonNull(expression, "expression");
        }

        @Override
        public String type() {
            return "filter";
        }

        @Override
        public String pointer() {
            return "";
        }
    }
}
