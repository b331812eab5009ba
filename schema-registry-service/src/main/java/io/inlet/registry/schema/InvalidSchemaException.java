package io.inlet.registry.schema;

import io.inlet.registry.RegistryException;

/** The schema text is not a valid schema of a supported type. */
public class InvalidSchemaException extends RegistryException {

    public InvalidSchemaException(String message) {
        super(message);
    }
}
