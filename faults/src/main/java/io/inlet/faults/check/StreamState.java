package io.inlet.faults.check;

import java.util.List;

/** A stream on the private nats-server: its subjects and how many messages it holds. */
public record StreamState(String name, List<String> subjects, long messages) {

    public boolean deadLetters() {
        return subjects.stream().anyMatch(subject -> subject.startsWith("dlq."));
    }
}
