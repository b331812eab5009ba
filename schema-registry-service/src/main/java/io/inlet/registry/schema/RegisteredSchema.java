package io.inlet.registry.schema;

/** A schema as a version of a subject. */
public record RegisteredSchema(String subject, int version, long id, SchemaType schemaType, String schema) {
}
