package io.inlet.columns;

/** A JSON Schema that cannot be mapped to a table (its root is no object with properties, a reserved name). */
public class UnsupportedSchemaException extends RuntimeException {

    public UnsupportedSchemaException(String message) {
        super(message);
    }
}
