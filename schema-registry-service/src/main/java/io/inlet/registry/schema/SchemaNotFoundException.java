package io.inlet.registry.schema;

import io.inlet.registry.RegistryException;

/** No schema with this id, or no version of the subject with this schema. */
public class SchemaNotFoundException extends RegistryException {

    public SchemaNotFoundException(long id) {
        super("Schema " + id + " not found");
    }

    public SchemaNotFoundException() {
        super("Schema not found");
    }
}
