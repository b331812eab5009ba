package io.inlet.transforms;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * One declared step of an event type's pipeline, as the registry stores it and the pipeline-service
 * runs it. The JSON form is polymorphic on {@code "type"}; a new kind of step (e.g. {@code "sql"}) is a
 * new record here plus its case in {@link PipelineSteps}, without changing the stage's contract
 * (subjects, headers, error envelope).
 *
 * <p>When to use which: rename, drop, derive and filter edit the event in place and keep every property they do
 * not name (the lake writes the event's schema version); a {@code sql} step replaces the record by the row of one
 * {@code SELECT}, whose output row type is what the lake writes — use it to reshape (flatten, cast, compute several
 * columns, CASE), and the others for small edits of an event that keeps its schema.
 */
public sealed interface PipelineStep permits PipelineStep.Rename, PipelineStep.Drop, PipelineStep.Derive,
        PipelineStep.Filter, PipelineStep.Sql {

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

    /**
     * Replaces the record by the row of one {@code SELECT … FROM event [WHERE …]} (see
     * {@link io.inlet.transforms.sql.SqlStatement}); a {@code WHERE} that is not true filters the event. It is the
     * whole pipeline (no other step beside it). {@code output} is the JSON Schema of its rows, computed by the
     * registry against the subject's schema when the pipeline is stored ({@code null} in a request).
     */
    record Sql(String statement, ObjectNode output) implements PipelineStep {
        public Sql {
            Objects.requireNonNull(statement, "statement");
        }

        @Override
        public String type() {
            return "sql";
        }

        @Override
        public String pointer() {
            return "";
        }

        /** The same statement with its output schema. */
        public Sql withOutput(ObjectNode schema) {
            return new Sql(statement, schema);
        }
    }
}
