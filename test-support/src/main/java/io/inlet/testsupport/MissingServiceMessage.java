package io.inlet.testsupport;

import java.util.ArrayList;
import java.util.List;

/** Builds the error that replaces a silent skip: what was tried, why each failed, and how to provide the service. */
final class MissingServiceMessage {

    private final String service;
    private final List<String> attempts = new ArrayList<>();
    private final List<String> fixes = new ArrayList<>();

    MissingServiceMessage(String service) {
        this.service = service;
    }

    MissingServiceMessage tried(String source, Availability outcome) {
        attempts.add(source + ": " + outcome.detail());
        return this;
    }

    MissingServiceMessage fix(String howTo) {
        fixes.add(howTo);
        return this;
    }

    IllegalStateException toException() {
        StringBuilder message = new StringBuilder("No ").append(service).append(" for integration tests.");
        message.append("\nTried, in order:");
        for (int i = 0; i < attempts.size(); i++) {
            message.append("\n  ").append(i + 1).append(". ").append(attempts.get(i));
        }
        message.append("\nProvide it in one of these ways:");
        fixes.forEach(fix -> message.append("\n  - ").append(fix));
        return new IllegalStateException(message.toString());
    }
}
