package io.inlet.contracts.frame;

import java.util.Objects;

/**
 * Which pipeline step kept a valid event out of the data lake: what the pipeline-service records of an event of a
 * {@link EventFrame.Kind#FILTERED} frame, and the lake's filtered table and lineage show.
 *
 * @param step             the step's index in the event type's pipeline (0 for a {@code sql} step: it is the whole
 *                         pipeline)
 * @param kind             {@link #FILTER} or {@link #SQL}: the step's {@code type}
 * @param description      what decided: a filter's expression, a sql step's statement
 * @param pipelineRevision the registry's revision of the pipeline the step belongs to, or {@code null} if unknown
 */
public record FilteredBy(int step, String kind, String description, Long pipelineRevision) {

    /** A {@code filter} step whose expression was false. */
    public static final String FILTER = "filter";
    /** A {@code sql} step whose {@code WHERE} was not true. */
    public static final String SQL = "sql";

    public FilteredBy {
        if (step < 0) {
            throw new IllegalArgumentException("a step index is not negative, was " + step);
        }
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("a filtering step has a kind");
        }
        Objects.requireNonNull(description, "description");
        if (pipelineRevision != null && pipelineRevision < 0) {
            throw new IllegalArgumentException("a pipeline revision is not negative, was " + pipelineRevision);
        }
    }

    /** One line for people: {@code step 2 filter: #amount > 0 (pipeline revision 4)}. */
    public String summary() {
        return "step " + step + " " + (SQL.equals(kind) ? "sql WHERE" : kind) + ": " + description
                + (pipelineRevision == null ? "" : " (pipeline revision " + pipelineRevision + ")");
    }
}
