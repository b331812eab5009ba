package io.inlet.registry.schema;

import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schema as its dialect reads it, for the compatibility checker: keywords the dialect does not
 * know (and so does not validate: {@code prefixItems} in draft-07, {@code dependencies} in 2020-12),
 * and up to draft-07 the siblings of {@code $ref}, are removed at every schema position, so that the
 * checker, which recognises keywords by name, never counts a constraint that is not enforced.
 */
final class DialectKeywords {

    /** Keyword → the first draft that validates it. */
    private static final Map<String, JsonDialect> INTRODUCED = Map.ofEntries(
            Map.entry("const", JsonDialect.DRAFT_06),
            Map.entry("contains", JsonDialect.DRAFT_06),
            Map.entry("propertyNames", JsonDialect.DRAFT_06),
            Map.entry("if", JsonDialect.DRAFT_07),
            Map.entry("then", JsonDialect.DRAFT_07),
            Map.entry("else", JsonDialect.DRAFT_07),
            Map.entry("dependentRequired", JsonDialect.DRAFT_2019_09),
            Map.entry("dependentSchemas", JsonDialect.DRAFT_2019_09),
            Map.entry("unevaluatedProperties", JsonDialect.DRAFT_2019_09),
            Map.entry("unevaluatedItems", JsonDialect.DRAFT_2019_09),
            Map.entry("minContains", JsonDialect.DRAFT_2019_09),
            Map.entry("maxContains", JsonDialect.DRAFT_2019_09),
            Map.entry("prefixItems", JsonDialect.DRAFT_2020_12));

    /** Keyword → the first draft that no longer validates it. */
    private static final Map<String, JsonDialect> REMOVED = Map.of(
            "dependencies", JsonDialect.DRAFT_2019_09,
            "additionalItems", JsonDialect.DRAFT_2020_12);

    /** Up to draft-07 the siblings of {@code $ref} are ignored; these are kept for the references themselves. */
    private static final Set<String> KEPT_BESIDE_REF = Set.of("$ref", "$schema", "$id", "id", "definitions", "$defs",
            "title", "description");

    private static final Set<String> SCHEMA = Set.of("additionalProperties", "unevaluatedProperties", "items",
            "additionalItems", "contains", "propertyNames", "not", "if", "then", "else", "unevaluatedItems",
            "contentSchema");
    private static final Set<String> SCHEMA_ARRAYS = Set.of("allOf", "anyOf", "oneOf", "prefixItems", "items");
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "dependentSchemas",
            "dependencies", "$defs", "definitions");

    private DialectKeywords() {
    }

    static JsonNode effective(JsonNode schema, JsonDialect dialect) {
        JsonNode copy = schema.deepCopy();
        strip(copy, dialect, 0);
        return copy;
    }

    private static void strip(JsonNode schema, JsonDialect dialect, int depth) {
        if (!(schema instanceof ObjectNode object) || depth > 256) {
            return;
        }
        boolean refOnly = object.has("$ref") && dialect.compareTo(JsonDialect.DRAFT_07) <= 0;
        for (String keyword : List.copyOf(object.propertyNames())) {
            if (refOnly && !KEPT_BESIDE_REF.contains(keyword)) {
                object.remove(keyword);
                continue;
            }
            JsonDialect introduced = INTRODUCED.get(keyword);
            JsonDialect removed = REMOVED.get(keyword);
            if ((introduced != null && dialect.compareTo(introduced) < 0)
                    || (removed != null && dialect.compareTo(removed) >= 0)) {
                object.remove(keyword);
            }
        }
        object.properties().forEach(entry -> {
            String keyword = entry.getKey();
            JsonNode value = entry.getValue();
            if (SCHEMA.contains(keyword) && value.isObject()) {
                strip(value, dialect, depth + 1);
            }
            if (SCHEMA_ARRAYS.contains(keyword) && value.isArray()) {
                value.values().forEach(v -> strip(v, dialect, depth + 1));
            }
            if (SCHEMA_MAPS.contains(keyword) && value.isObject()) {
                value.values().forEach(v -> strip(v, dialect, depth + 1));
            }
        });
    }
}
