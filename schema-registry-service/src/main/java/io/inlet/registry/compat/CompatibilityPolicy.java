package io.inlet.registry.compat;

import java.util.Locale;
import java.util.Optional;

/**
 * How the checker decides the cases where Inlet deliberately differs from Confluent Schema
 * Registry. {@link #LENIENT} (Inlet's default) lets event types grow optional properties on an
 * open content model; {@link #STRICT} decides those cases as Confluent does. Cases where
 * Confluent's answer is unsound (data valid under one version fails the other) are refused
 * under both.
 */
public enum CompatibilityPolicy {
    LENIENT,
    STRICT;

    public static final CompatibilityPolicy DEFAULT = LENIENT;

    /** Case-insensitive. */
    public static Optional<CompatibilityPolicy> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
