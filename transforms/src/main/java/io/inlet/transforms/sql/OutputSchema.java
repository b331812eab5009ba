package io.inlet.transforms.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON Schema (draft 2020-12) of a statement's output row type: what the registry stores with the pipeline
 * revision and the lake maps to columns. Integers are {@code integer}, approximate and scaled decimals
 * {@code number}, characters {@code string}, {@code TIMESTAMP} a {@code date-time} string, {@code DATE} a
 * {@code date} string, {@code ROW} an object, {@code ARRAY} an array. A nullable column is {@code [X, "null"]};
 * a NOT NULL column is also required. Any other type (MAP, MULTISET, INTERVAL, BINARY, a bare NULL, ANY) cannot be
 * typed and refuses the statement.
 */
final class OutputSchema {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OutputSchema() {
    }

    static ObjectNode of(RelDataType row) {
        ObjectNode schema = NODES.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        object(schema, row, "");
        return schema;
    }

    private static void object(ObjectNode schema, RelDataType row, String path) {
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        var required = NODES.arrayNode();
        for (RelDataTypeField field : row.getFieldList()) {
            if (properties.has(field.getName())) {
                throw new SqlRefusedException("output column '" + path + field.getName() + "' appears twice: give "
                        + "each output column its own name (AS …)", 0, 0);
            }
            properties.set(field.getName(), column(field.getType(), path + field.getName()));
            if (!field.getType().isNullable()) {
                required.add(field.getName());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
    }

    private static ObjectNode column(RelDataType type, String name) {
        ObjectNode schema = NODES.objectNode();
        if (type.isStruct()) {
            object(schema, type, name + ".");
            return nullable(schema, type, "object");
        }
        String json;
        switch (type.getSqlTypeName()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> json = "integer";
            case DECIMAL -> json = type.getScale() == 0 ? "integer" : "number";
            case FLOAT, REAL, DOUBLE -> json = "number";
            case CHAR, VARCHAR -> json = "string";
            case BOOLEAN -> json = "boolean";
            case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> {
                json = "string";
                schema.put("format", "date-time");
            }
            case DATE -> {
                json = "string";
                schema.put("format", "date");
            }
            case ARRAY -> {
                json = "array";
                schema.set("items", column(type.getComponentType(), name + "[]"));
            }
            default -> throw new SqlRefusedException("output column '" + name + "' has type " + type.getFullTypeString()
                    + ", which the lake cannot type; CAST it to a supported type (BIGINT, DOUBLE, DECIMAL, VARCHAR, "
                    + "BOOLEAN, TIMESTAMP, DATE, ROW or ARRAY)", 0, 0);
        }
        return nullable(schema, type, json);
    }

    private static ObjectNode nullable(ObjectNode schema, RelDataType type, String json) {
        if (type.isNullable()) {
            schema.putArray("type").add(json).add("null");
        } else {
            schema.put("type", json);
        }
        return schema;
    }
}
