package io.inlet.registry.config;

import io.inlet.registry.RegistryException;

/** A compatibility level name that is not one of {@code CompatibilityLevel}. */
public class InvalidCompatibilityLevelException extends RegistryException {

    public InvalidCompatibilityLevelException(String level) {
        super("Invalid compatibility level '" + String.valueOf(level).replaceAll("\\p{Cntrl}", "?")
                + "'. Valid values are NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD,"
                + " FORWARD_TRANSITIVE, FULL and FULL_TRANSITIVE");
    }
}
