package io.inlet.contracts;

/**
 * How every stage reads a registered JSON Schema. The registry stores and serves a schema as
 * given, so a schema without {@code $schema} must be read with the same dialect by the registry
 * (meta-schema check, compatibility) and by the pipeline (validation): both default to
 * {@link #DEFAULT} and both read the one setting {@link #DEFAULT_PROPERTY} to override it.
 */
public final class JsonSchemaDialects {

    /** Draft-07, the dialect Confluent Schema Registry assumes when {@code $schema} is absent. */
    public static final String DEFAULT = "http://json-schema.org/draft-07/schema#";

    /** The setting (env {@code INLET_JSON_SCHEMA_DEFAULT_DIALECT}) naming the default by its meta-schema URI. */
    public static final String DEFAULT_PROPERTY = "inlet.json-schema.default-dialect";

    /** The base IRI a schema is loaded at, so that a relative {@code $id} ({@code "something"}) resolves. */
    public static final String BASE_IRI = "urn:inlet:schema";

    private JsonSchemaDialects() {
    }
}
