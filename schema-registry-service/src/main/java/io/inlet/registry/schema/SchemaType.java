package io.inlet.registry.schema;

import java.util.Locale;

/** The schema types this registry understands. Confluent's AVRO and PROTOBUF are not supported. */
public enum SchemaType {
    JSON;

    /** Confluent clients may omit {@code schemaType}; Inlet only stores JSON Schema, so absent means JSON. */
    public static SchemaType parse(String value) {
        if (value == null || value.isBlank()) {
            return JSON;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSchemaException("Unsupported schema type '" + printable(value)
                    + "'; this registry supports only JSON");
        }
    }

    private static String printable(String value) {
        String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
