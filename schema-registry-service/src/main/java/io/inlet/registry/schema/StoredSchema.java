package io.inlet.registry.schema;

/** A schema by its global id. */
public record StoredSchema(long id, SchemaType schemaType, String schema) {
}
