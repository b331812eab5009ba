package io.inlet.registryclient.pipeline;

/**
 * Why a declared pipeline was refused.
 *
 * @param index  the position of the bad step in {@code steps} (from 0), or {@code null} for the request itself
 * @param field  the field of the step at fault (e.g. {@code expression}), or {@code null}
 * @param reason what is wrong, precisely
 */
public record StepProblem(Integer index, String field, String reason) {
}
