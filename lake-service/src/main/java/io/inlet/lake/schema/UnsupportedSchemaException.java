package io.inlet.lake.schema;

/** A JSON Schema the lake cannot map to a table. */
public class UnsupportedSchemaException extends RuntimeException {

    public UnsupportedSchemaException(String message) {
        super(message);
    }
}
