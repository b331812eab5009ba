package io.inlet.transforms.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import tools.jackson.databind.JsonNode;

/**
 * The SQL row type of {@code event}, read from the JSON Schema of a schema version, following the same mapping as
 * the lake's columns: an object with {@code properties} is a {@code ROW} of them (nested objects are nested rows:
 * {@code event.customer.id}), an array with {@code items} an {@code ARRAY} of the items' type ({@code CARDINALITY},
 * {@code tags[1]}) — except an array of objects, which is its JSON text ({@code JSON_VALUE(items, '$[0].sku')}), {@code integer}
 * {@code BIGINT}, {@code number} {@code DOUBLE}, {@code boolean} {@code BOOLEAN}, a {@code date-time} string
 * {@code TIMESTAMP(3)} (UTC, milliseconds), a {@code date} string {@code DATE}, other strings {@code VARCHAR};
 * {@code [X, "null"]} is X. Whatever has no single type ({@code oneOf}, several types, an object without
 * properties) is a {@code VARCHAR} holding the value's JSON text. Every column is nullable: an optional property
 * that is absent reads as {@code NULL}. Properties an open object does not declare are not columns.
 */
final class EventRowType {

    private EventRowType() {
    }

    static RelDataType of(JsonNode schema, RelDataTypeFactory types) {
        JsonNode root = schema;
        RelDataType type = type(root, schema, types, 0);
        if (!type.isStruct()) {
            throw new IllegalArgumentException("the event's schema must describe an object with properties");
        }
        return type;
    }

    private static RelDataType type(JsonNode root, JsonNode schema, RelDataTypeFactory types, int depth) {
        if (depth > 32 || schema == null || !schema.isObject()) {
            return json(types);
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asString("");
            if (!ref.startsWith("#/")) {
                return json(types);
            }
            JsonNode target = root.at(ref.substring(1));
            return target.isMissingNode() ? json(types) : type(root, target, types, depth + 1);
        }
        JsonNode allOf = schema.get("allOf");
        if (allOf != null && allOf.isArray() && allOf.size() == 1 && !schema.has("type")) {
            return type(root, allOf.get(0), types, depth + 1);
        }
        if (schema.has("oneOf") || schema.has("anyOf") || schema.has("not") || schema.has("allOf")
                || schema.has("if")) {
            return json(types);
        }
        String single = singleType(schema);
        if (single == null) {
            return json(types);
        }
        return switch (single) {
            case "object" -> {
                JsonNode properties = schema.get("properties");
                if (properties == null || !properties.isObject() || properties.isEmpty()) {
                    yield json(types);
                }
                List<String> names = new ArrayList<>();
                List<RelDataType> fields = new ArrayList<>();
                for (String name : properties.propertyNames()) {
                    names.add(name);
                    fields.add(type(root, properties.get(name), types, depth + 1));
                }
                yield types.createTypeWithNullability(types.createStructType(fields, names), true);
            }
            case "array" -> {
                JsonNode items = schema.get("items");
                if (items == null || !items.isObject()) {
                    yield json(types);
                }
                RelDataType item = type(root, items, types, depth + 1);
                yield types.createTypeWithNullability(types.createArrayType(item, -1), true);
            }
            case "integer" -> nullable(types, SqlTypeName.BIGINT);
            case "number" -> nullable(types, SqlTypeName.DOUBLE);
            case "boolean" -> nullable(types, SqlTypeName.BOOLEAN);
            case "string" -> switch (schema.path("format").asString("")) {
                case "date-time" -> types.createTypeWithNullability(
                        types.createSqlType(SqlTypeName.TIMESTAMP, 3), true);
                case "date" -> nullable(types, SqlTypeName.DATE);
                default -> nullable(types, SqlTypeName.VARCHAR);
            };
            default -> json(types);
        };
    }

    /** The one non-null type of {@code type: X} or {@code type: [X, "null"]}; {@code null} otherwise. */
    private static String singleType(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return schema.has("properties") ? "object" : null;
        }
        if (type.isString()) {
            return type.asString();
        }
        if (type.isArray()) {
            String found = null;
            for (JsonNode t : type) {
                if (!"null".equals(t.asString(""))) {
                    if (found != null) {
                        return null;
                    }
                    found = t.asString("");
                }
            }
            return found;
        }
        return null;
    }

    private static RelDataType json(RelDataTypeFactory types) {
        return nullable(types, SqlTypeName.VARCHAR);
    }

    private static RelDataType nullable(RelDataTypeFactory types, SqlTypeName name) {
        return types.createTypeWithNullability(types.createSqlType(name), true);
    }
}
