package io.inlet.registry.compat;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Small, pure helpers on schema trees shared by the checker's parts. */
final class SchemaNodes {

    static final Set<String> ALL_TYPES = Set.of("null", "boolean", "object", "array", "number", "integer", "string");

    /** Keywords that do nothing without a sibling: dropping them where the sibling is absent changes nothing. */
    private static final Map<String, List<String>> DEPENDENTS = Map.of(
            "items", List.of("additionalItems"),
            "if", List.of("then", "else"),
            "contains", List.of("minContains", "maxContains"));

    private SchemaNodes() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static boolean isFalse(JsonNode node) {
        return node != null && node.isBoolean() && !node.booleanValue();
    }

    static boolean acceptsEverything(JsonNode schema) {
        return schema == null || (schema.isBoolean() && schema.booleanValue()) || (schema.isObject() && schema.isEmpty());
    }

    /** The JSON types a schema admits, from {@code type} and the values of {@code enum}/{@code const}. */
    static Set<String> types(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return isFalse(schema) ? Set.of() : ALL_TYPES;
        }
        Set<String> result = new LinkedHashSet<>();
        JsonNode type = schema.get("type");
        if (type == null) {
            result.addAll(ALL_TYPES);
        } else if (type.isString()) {
            result.add(type.stringValue());
        } else if (type.isArray()) {
            type.values().forEach(t -> result.add(t.asString()));
        }
        if (result.contains("number")) {
            result.add("integer");
        }
        Set<JsonNode> values = allowedValues(schema);
        if (values != null) {
            Set<String> valueTypes = new LinkedHashSet<>();
            values.forEach(v -> valueTypes.add(typeOf(v)));
            if (valueTypes.contains("integer")) {
                valueTypes.add("number");
            }
            result.retainAll(valueTypes);
        }
        return result;
    }

    static String typeOf(JsonNode value) {
        if (value.isNull()) {
            return "null";
        } else if (value.isBoolean()) {
            return "boolean";
        } else if (value.isObject()) {
            return "object";
        } else if (value.isArray()) {
            return "array";
        } else if (value.isIntegralNumber() || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0)) {
            return "integer";
        } else if (value.isNumber()) {
            return "number";
        }
        return "string";
    }

    /** The {@code enum}/{@code const} values, or null if unrestricted. */
    static Set<JsonNode> allowedValues(JsonNode schema) {
        Set<JsonNode> values = null;
        if (schema.has("enum") && schema.get("enum").isArray()) {
            values = new LinkedHashSet<>(schema.get("enum").values());
        }
        if (schema.has("const")) {
            Set<JsonNode> constant = new LinkedHashSet<>(List.of(schema.get("const")));
            if (values == null) {
                values = constant;
            } else {
                values.retainAll(constant);
            }
        }
        return values;
    }

    static BigDecimal number(JsonNode schema, String keyword) {
        JsonNode value = schema.get(keyword);
        return value != null && value.isNumber() ? value.decimalValue() : null;
    }

    static Set<String> strings(JsonNode array) {
        Set<String> result = new LinkedHashSet<>();
        if (array != null && array.isArray()) {
            array.values().forEach(v -> result.add(v.asString()));
        }
        return result;
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    static ObjectNode without(JsonNode schema, String... keywords) {
        ObjectNode copy = (ObjectNode) schema.deepCopy();
        for (String keyword : keywords) {
            copy.remove(keyword);
        }
        return copy;
    }

    /**
     * A schema accepting at least every instance both {@code a} and {@code b} accept, and as
     * little more as this merge can manage: keywords are united, {@code properties} merged by
     * name, {@code required} united, bounds tightened; a keyword both give differently and that
     * cannot be combined keeps {@code a}'s value (so the result may be broader, never narrower).
     * Both must be objects with their own {@code $ref} already resolved.
     */
    static ObjectNode intersection(JsonNode a, JsonNode b) {
        ObjectNode left = withoutInert(a);
        ObjectNode right = withoutInert(b);
        ObjectNode result = left.deepCopy();
        Set<String> skipped = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> entry : right.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            JsonNode mine = result.get(key);
            if (skipped.contains(key) || key.equals("$defs") || key.equals("definitions")) {
                continue;
            }
            if (mine == null) {
                result.set(key, value);
            } else if (!mine.equals(value)) {
                JsonNode combined = combine(key, mine, value);
                if (combined != null) {
                    result.set(key, combined);
                } else {
                    skipped.addAll(DEPENDENTS.getOrDefault(key, List.of()));
                }
            }
        }
        return result;
    }

    private static JsonNode combine(String key, JsonNode mine, JsonNode theirs) {
        switch (key) {
            case "properties" -> {
                if (!mine.isObject() || !theirs.isObject()) {
                    return null;
                }
                ObjectNode merged = (ObjectNode) mine.deepCopy();
                for (Map.Entry<String, JsonNode> p : theirs.properties()) {
                    JsonNode existing = merged.get(p.getKey());
                    if (existing == null) {
                        merged.set(p.getKey(), p.getValue());
                    } else if (!existing.equals(p.getValue())) {
                        ObjectNode both = object();
                        both.putArray("allOf").add(existing).add(p.getValue());
                        merged.set(p.getKey(), both);
                    }
                }
                return merged;
            }
            case "required" -> {
                Set<String> names = strings(mine);
                names.addAll(strings(theirs));
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                names.forEach(array::add);
                return array;
            }
            case "type" -> {
                Set<String> left = types(typeOnly(mine));
                Set<String> right = types(typeOnly(theirs));
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                for (String t : left) {
                    if (right.contains(t) && !(t.equals("integer") && !declares(mine, theirs, "integer"))) {
                        array.add(t);
                    }
                }
                return array;
            }
            case "minimum", "minLength", "minItems", "minProperties" -> {
                return mine.isNumber() && theirs.isNumber()
                        ? (mine.decimalValue().compareTo(theirs.decimalValue()) >= 0 ? mine : theirs) : null;
            }
            case "maximum", "maxLength", "maxItems", "maxProperties" -> {
                return mine.isNumber() && theirs.isNumber()
                        ? (mine.decimalValue().compareTo(theirs.decimalValue()) <= 0 ? mine : theirs) : null;
            }
            case "enum" -> {
                if (!mine.isArray() || !theirs.isArray()) {
                    return null;
                }
                Set<JsonNode> values = new LinkedHashSet<>(mine.values());
                values.retainAll(new LinkedHashSet<>(theirs.values()));
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                values.forEach(array::add);
                return array;
            }
            default -> {
                return null;
            }
        }
    }

    /** integer survives an intersection only if one side names it (number alone is not integer). */
    private static boolean declares(JsonNode mine, JsonNode theirs, String type) {
        return strings(asArray(mine)).contains(type) || strings(asArray(theirs)).contains(type);
    }

    private static JsonNode asArray(JsonNode type) {
        if (type.isArray()) {
            return type;
        }
        return JsonNodeFactory.instance.arrayNode().add(type);
    }

    private static JsonNode typeOnly(JsonNode type) {
        return object().set("type", type);
    }

    /** The schema without keywords that have no effect in it (e.g. {@code then} without {@code if}). */
    static ObjectNode withoutInert(JsonNode schema) {
        ObjectNode copy = (ObjectNode) schema.deepCopy();
        if (!(copy.path("items").isArray())) {
            copy.remove("additionalItems");
        }
        if (!copy.has("if")) {
            copy.remove("then");
            copy.remove("else");
        }
        if (!copy.has("contains")) {
            copy.remove("minContains");
            copy.remove("maxContains");
        }
        return copy;
    }
}
