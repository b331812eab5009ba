package io.inlet.registry.api;

import io.inlet.registry.api.ConfluentDtos.SchemaRequest;
import io.inlet.registry.schema.InvalidSchemaException;
import io.inlet.registry.schema.SchemaType;

/** Checks of a schema request body that are the same for register, lookup and compatibility. */
final class SchemaRequests {

    private SchemaRequests() {
    }

    static SchemaType type(SchemaRequest request) {
        if (request == null || request.schema() == null) {
            throw new InvalidSchemaException("Empty schema");
        }
        if (request.references() != null && !request.references().isEmpty()) {
            throw new InvalidSchemaException("Schema references are not supported; use local $defs");
        }
        return SchemaType.parse(request.schemaType());
    }
}
