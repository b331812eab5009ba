package io.inlet.columns;

import io.inlet.columns.Column.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Derives an event type's columns from a JSON Schema (draft 2020-12 or 07), for the lake's tables and a sql step's
 * table alike. The mapping (documented in lake-service/README.md, "JSON Schema → Parquet"):
 * <ul>
 * <li>object with {@code properties} → struct (group) of those properties; when the object is open
 * ({@code additionalProperties} not {@code false}) undeclared properties go, as a JSON object, to the string
 * column {@code _additional_properties}</li>
 * <li>array with {@code items} → LIST of the items' mapping</li>
 * <li>string → STRING; with {@code format: date-time} → TIMESTAMP(MICROS, UTC); {@code format: date} → DATE;
 * enum of strings → STRING</li>
 * <li>integer → INT64; number → DOUBLE; boolean → BOOLEAN</li>
 * <li>{@code type: [X, "null"]} → as X (every column is nullable anyway)</li>
 * <li>anything else (object without properties, several types, {@code oneOf}/{@code anyOf}, {@code not},
 * recursive or remote {@code $ref}, no type) → STRING holding the value's JSON text</li>
 * </ul>
 * Local {@code $ref}s ({@code #/$defs/...}, {@code #/definitions/...}) are followed; {@code allOf} of a single
 * schema is unwrapped.
 */
public final class JsonSchemaMapper {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonSchemaMapper() {
    }

    /** The columns of an event's top-level object; the schema's root must describe an object. */
    public static Column.Struct map(String schemaText) {
        return map(JSON.readTree(schemaText));
    }

    /** The columns of an event's top-level object, from the schema's tree. */
    public static Column.Struct map(JsonNode root) {
        Column column = new Walker(root).column("", root, new HashSet<>());
        if (!(column instanceof Column.Struct struct)) {
            throw new UnsupportedSchemaException("the schema's root must be an object with properties");
        }
        return struct;
    }

    private record Walker(JsonNode root) {

        Column column(String name, JsonNode schema, Set<String> refsInUse) {
            if (schema == null || !schema.isObject()) {
                return json(name);
            }
            if (schema.has("$ref")) {
                String ref = schema.get("$ref").asString();
                JsonNode target = resolve(ref);
                if (target == null || refsInUse.contains(ref) || hasOtherKeywords(schema)) {
                    return json(name);
                }
                Set<String> inner = new HashSet<>(refsInUse);
                inner.add(ref);
                return column(name, target, inner);
            }
            JsonNode allOf = schema.get("allOf");
            if (allOf != null && allOf.isArray() && allOf.size() == 1 && !schema.has("type")) {
                return column(name, allOf.get(0), refsInUse);
            }
            if (schema.has("oneOf") || schema.has("anyOf") || schema.has("not") || schema.has("allOf")
                    || schema.has("if")) {
                return json(name);
            }
            String type = singleType(schema);
            if (type == null) {
                return json(name);
            }
            switch (type) {
                case "string":
                    String format = schema.has("format") ? schema.get("format").asString() : "";
                    return new Column.Primitive(name, switch (format) {
                        case "date-time" -> Kind.TIMESTAMP;
                        case "date" -> Kind.DATE;
                        default -> Kind.STRING;
                    });
                case "integer":
                    return new Column.Primitive(name, Kind.LONG);
                case "number":
                    return new Column.Primitive(name, Kind.DOUBLE);
                case "boolean":
                    return new Column.Primitive(name, Kind.BOOLEAN);
                case "array":
                    JsonNode items = schema.get("items");
                    if (items == null || !items.isObject() || schema.has("prefixItems")) {
                        return json(name);
                    }
                    return new Column.ListOf(name, column("element", items, refsInUse));
                case "object":
                    JsonNode properties = schema.get("properties");
                    if (properties == null || !properties.isObject() || properties.isEmpty()
                            || schema.has("patternProperties")) {
                        return json(name);
                    }
                    List<Column> fields = new ArrayList<>();
                    for (String property : properties.propertyNames()) {
                        fields.add(column(property, properties.get(property), refsInUse));
                    }
                    JsonNode additional = schema.get("additionalProperties");
                    JsonNode unevaluated = schema.get("unevaluatedProperties");
                    boolean closed = (additional != null && additional.isBoolean() && !additional.asBoolean())
                            || (unevaluated != null && unevaluated.isBoolean() && !unevaluated.asBoolean());
                    if (!closed && fields.stream().anyMatch(f -> f.name().equals(Column.ADDITIONAL_PROPERTIES))) {
                        throw new UnsupportedSchemaException("an open object declares the reserved property "
                                + Column.ADDITIONAL_PROPERTIES);
                    }
                    return new Column.Struct(name, fields, !closed);
                default:
                    // "null" alone: nothing to store but nulls.
                    return json(name);
            }
        }

        /** The one non-null type, from {@code type}, or from {@code enum}/{@code const} values. */
        private static String singleType(JsonNode schema) {
            JsonNode type = schema.get("type");
            Set<String> types = new LinkedHashSet<>();
            if (type != null && type.isString()) {
                types.add(type.asString());
            } else if (type != null && type.isArray()) {
                type.forEach(t -> types.add(t.asString()));
            } else if (schema.has("enum") && schema.get("enum").isArray()) {
                schema.get("enum").forEach(v -> types.add(jsonType(v)));
            } else if (schema.has("const")) {
                types.add(jsonType(schema.get("const")));
            } else if (schema.has("properties")) {
                types.add("object");
            } else if (schema.has("items")) {
                types.add("array");
            }
            types.remove("null");
            return types.size() == 1 ? types.iterator().next() : null;
        }

        private static String jsonType(JsonNode value) {
            if (value.isString()) {
                return "string";
            }
            if (value.isIntegralNumber()) {
                return "integer";
            }
            if (value.isNumber()) {
                return "number";
            }
            if (value.isBoolean()) {
                return "boolean";
            }
            if (value.isNull()) {
                return "null";
            }
            return value.isArray() ? "array" : "object";
        }

        private static boolean hasOtherKeywords(JsonNode schema) {
            for (String key : schema.propertyNames()) {
                if (!key.equals("$ref") && !key.equals("description") && !key.equals("title")
                        && !key.equals("$comment") && !key.equals("default") && !key.equals("examples")) {
                    return true;
                }
            }
            return false;
        }

        private JsonNode resolve(String ref) {
            if (!ref.startsWith("#/")) {
                return null;
            }
            JsonNode target = root.at(ref.substring(1));
            return target.isMissingNode() ? null : target;
        }

        private static Column json(String name) {
            return new Column.Primitive(name, Kind.JSON);
        }
    }
}
