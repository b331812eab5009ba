package io.inlet.registryclient;

/**
 * A schema from the registry. {@code subject} and {@code version} are {@code null} when the
 * schema was fetched by id only (one id may be used by several subjects).
 */
public record RegistrySchema(long id, String subject, Integer version, String schemaType, String schema) {
}
