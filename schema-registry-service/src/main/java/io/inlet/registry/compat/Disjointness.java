package io.inlet.registry.compat;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * Proves that no instance is valid under two schemas: by their JSON types, their
 * {@code enum}/{@code const} values, numeric ranges apart, or a property one requires whose
 * schemas are disjoint (a discriminator). What it cannot prove it reports as overlapping.
 */
final class Disjointness {

    private static final int MAX_DEPTH = 4;

    private Disjointness() {
    }

    /**
     * @param resolveA inlines {@code $ref}s of {@code a} against its document
     * @param resolveB the same for {@code b}
     */
    static boolean disjoint(JsonNode a, UnaryOperator<JsonNode> resolveA, JsonNode b, UnaryOperator<JsonNode> resolveB) {
        return disjoint(a, resolveA, b, resolveB, 0);
    }

    private static boolean disjoint(JsonNode a, UnaryOperator<JsonNode> resolveA, JsonNode b,
                                    UnaryOperator<JsonNode> resolveB, int depth) {
        a = resolveA.apply(a);
        b = resolveB.apply(b);
        if (SchemaNodes.isFalse(a) || SchemaNodes.isFalse(b)) {
            return true;
        }
        if (!a.isObject() || !b.isObject() || depth > MAX_DEPTH) {
            return false;
        }
        Set<String> common = new HashSet<>(SchemaNodes.types(a));
        common.retainAll(SchemaNodes.types(b));
        if (common.isEmpty()) {
            return true;
        }
        Set<JsonNode> valuesA = SchemaNodes.allowedValues(a);
        Set<JsonNode> valuesB = SchemaNodes.allowedValues(b);
        if (valuesA != null && valuesB != null) {
            Set<JsonNode> both = new HashSet<>(valuesA);
            both.retainAll(valuesB);
            if (both.isEmpty()) {
                return true;
            }
        }
        if (Set.of("number", "integer").containsAll(common) && (below(a, b) || below(b, a))) {
            return true;
        }
        if (!common.contains("object") || common.size() > 1) {
            return false;
        }
        // both are objects only: a property that one requires and both constrain disjointly
        Set<String> required = SchemaNodes.strings(a.get("required"));
        required.addAll(SchemaNodes.strings(b.get("required")));
        for (String name : required) {
            JsonNode propertyA = a.path("properties").get(name);
            JsonNode propertyB = b.path("properties").get(name);
            if (propertyA != null && propertyB != null
                    && disjoint(propertyA, resolveA, propertyB, resolveB, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /** {@code upper}'s upper bound lies below (or, if either is exclusive, at) {@code lower}'s lower bound. */
    private static boolean below(JsonNode upper, JsonNode lower) {
        for (String top : new String[] {"maximum", "exclusiveMaximum"}) {
            for (String bottom : new String[] {"minimum", "exclusiveMinimum"}) {
                BigDecimal max = SchemaNodes.number(upper, top);
                BigDecimal min = SchemaNodes.number(lower, bottom);
                if (max != null && min != null) {
                    int c = max.compareTo(min);
                    if (c < 0 || (c == 0 && (top.startsWith("exclusive") || bottom.startsWith("exclusive")))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
