package io.inlet.registry.schema;

import io.inlet.registry.RegistryException;

/** A version that is neither a positive integer, -1 nor {@code latest}. */
public class InvalidVersionException extends RegistryException {

    public InvalidVersionException(String version) {
        super("The specified version '" + printable(version) + "' is not a valid version id. "
                + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private static String printable(String value) {
        String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
