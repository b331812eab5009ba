package io.inlet.normalizer;

import java.util.List;
import java.util.Optional;

/**
 * What a body split into: its events in order (each fine or rejected on its own), or the problem that
 * makes the whole body unusable (then no events).
 *
 * @param events      in the order of the body
 * @param bodyProblem the whole body's problem, or {@code null}
 */
public record Split(List<SplitEvent> events, Problem bodyProblem) {

    public Split {
        events = bodyProblem == null ? List.copyOf(events) : List.of();
    }

    static Split rejected(Problem problem) {
        return new Split(List.of(), problem);
    }

    /** The first problem, of the body or of an event: what a stage that takes all or nothing answers. */
    public Optional<Problem> firstProblem() {
        if (bodyProblem != null) {
            return Optional.of(bodyProblem);
        }
        return events.stream().filter(SplitEvent::isRejected).map(SplitEvent::problem).findFirst();
    }
}
