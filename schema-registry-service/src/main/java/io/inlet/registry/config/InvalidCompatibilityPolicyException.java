package io.inlet.registry.config;

import io.inlet.registry.RegistryException;

/** A compatibility policy name that is not one of {@code CompatibilityPolicy}. */
public class InvalidCompatibilityPolicyException extends RegistryException {

    public InvalidCompatibilityPolicyException(String policy) {
        super("Invalid compatibility policy '" + String.valueOf(policy).replaceAll("\\p{Cntrl}", "?")
                + "'. Valid values are LENIENT and STRICT");
    }
}
