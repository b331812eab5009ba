package io.inlet.testsupport;

import java.util.Map;
import java.util.Optional;

/** Reads configuration variables; replaceable so resolution can be tested without touching the real environment. */
@FunctionalInterface
interface Environment {

    /** The value of {@code name}, empty when unset or blank. */
    Optional<String> get(String name);

    static Environment system() {
        return of(System.getenv());
    }

    static Environment of(Map<String, String> variables) {
        return name -> Optional.ofNullable(variables.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }
}
