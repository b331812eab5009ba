package io.inlet.testsupport;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs a resolution once per JVM and remembers its result, including a failure: after the first test has
 * reported what is missing, the others fail fast with the same message instead of probing again.
 */
final class Memoized<T> implements Supplier<T> {

    private final Supplier<T> source;
    private T value;
    private RuntimeException failure;

    Memoized(Supplier<T> source) {
        this.source = source;
    }

    @Override
    public synchronized T get() {
        if (value == null && failure == null) {
            try {
                value = Objects.requireNonNull(source.get(), "resolution returned null");
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        return value;
    }
}
