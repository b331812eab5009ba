package io.inlet.transforms;

/**
 * Why a declared pipeline was refused.
 *
 * @param index  the position of the bad step in {@code steps} (from 0), or {@code null} for the request itself
 * @param field  the field of the step at fault (e.g. {@code expression}), or {@code null}
 * @param reason what is wrong, precisely
 * @param line   for a {@code sql} statement, the line (from 1) where the problem is, or {@code null}
 * @param column for a {@code sql} statement, the column (from 1) where the problem is, or {@code null}
 */
public record StepProblem(Integer index, String field, String reason, Integer line, Integer column) {

    public StepProblem(Integer index, String field, String reason) {
        this(index, field, reason, null, null);
    }
}
