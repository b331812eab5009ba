package io.inlet.registry.api;

/** Confluent clients send and accept these; plain JSON works too. */
final class ConfluentMediaTypes {

    static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    static final String JSON = "application/vnd.schemaregistry+json";

    private ConfluentMediaTypes() {
    }
}
