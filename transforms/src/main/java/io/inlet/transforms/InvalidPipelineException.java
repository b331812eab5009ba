package io.inlet.transforms;

import java.util.List;
import java.util.stream.Collectors;

/** A declared pipeline has bad steps; lists every problem found, not only the first. */
public class InvalidPipelineException extends IllegalArgumentException {

    private final List<StepProblem> problems;

    public InvalidPipelineException(List<StepProblem> problems) {
        super(problems.stream()
                .map(p -> (p.index() == null ? "" : "step " + p.index() + ": ")
                        + (p.field() == null ? "" : p.field() + ": ") + p.reason())
                .collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<StepProblem> problems() {
        return problems;
    }
}
