package io.inlet.registry.schema;

/** A (subject, version) pair that uses a schema. */
public record SubjectVersion(String subject, int version) {
}
