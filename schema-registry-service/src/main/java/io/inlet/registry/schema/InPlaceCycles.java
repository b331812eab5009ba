package io.inlet.registry.schema;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Finds a {@code $ref} cycle that never descends into the instance ({@code {"$ref": "#"}}, or
 * {@code #/$defs/a} and {@code #/$defs/b} referring to each other, directly or through
 * {@code allOf}/{@code anyOf}/{@code oneOf}/{@code not}/{@code if}/{@code then}/{@code else}/
 * dependent schemas): evaluating such a schema never ends. Recursion through {@code properties},
 * {@code items} and the like consumes the instance and is fine.
 */
final class InPlaceCycles {

    private static final List<String> IN_PLACE_SINGLE = List.of("not", "if", "then", "else");
    private static final List<String> IN_PLACE_ARRAYS = List.of("allOf", "anyOf", "oneOf");
    private static final List<String> IN_PLACE_MAPS = List.of("dependentSchemas", "dependencies");
    private static final int MAX_STEPS = 100_000;

    private InPlaceCycles() {
    }

    /** The pointer of a schema on an in-place cycle, if there is one. */
    static Optional<String> find(JsonNode root) {
        Set<String> done = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        collectSchemas(root, "", todo, 0);
        int[] steps = {0};
        for (String start : todo) {
            Optional<String> cycle = visit(root, start, new HashSet<>(), done, steps);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> visit(JsonNode root, String pointer, Set<String> onPath, Set<String> done,
                                          int[] steps) {
        if (done.contains(pointer) || ++steps[0] > MAX_STEPS) {
            return Optional.empty();
        }
        if (!onPath.add(pointer)) {
            return Optional.of(pointer.isEmpty() ? "(root)" : pointer);
        }
        JsonNode schema = pointer.isEmpty() ? root : root.at(pointer);
        for (String next : inPlaceSuccessors(schema, pointer)) {
            Optional<String> cycle = visit(root, next, onPath, done, steps);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        onPath.remove(pointer);
        done.add(pointer);
        return Optional.empty();
    }

    private static List<String> inPlaceSuccessors(JsonNode schema, String pointer) {
        if (schema == null || !schema.isObject()) {
            return List.of();
        }
        List<String> result = new java.util.ArrayList<>();
        JsonNode ref = schema.get("$ref");
        if (ref != null && ref.isString() && ref.stringValue().startsWith("#")) {
            String target = ref.stringValue().substring(1);
            result.add(target.equals("/") ? "" : target);
        }
        for (String keyword : IN_PLACE_SINGLE) {
            if (schema.has(keyword)) {
                result.add(pointer + "/" + keyword);
            }
        }
        for (String keyword : IN_PLACE_ARRAYS) {
            for (int i = 0; i < schema.path(keyword).size(); i++) {
                result.add(pointer + "/" + keyword + "/" + i);
            }
        }
        for (String keyword : IN_PLACE_MAPS) {
            schema.path(keyword).properties().forEach(e -> {
                if (e.getValue().isObject()) {
                    result.add(pointer + "/" + keyword + "/" + e.getKey().replace("~", "~0").replace("/", "~1"));
                }
            });
        }
        return result;
    }

    /** Every object in the document that holds a {@code $ref}: the starts worth visiting. */
    private static void collectSchemas(JsonNode node, String pointer, Deque<String> into, int depth) {
        if (depth > 512) {
            return;
        }
        if (node.isObject()) {
            if (node.has("$ref")) {
                into.add(pointer);
            }
            node.properties().forEach(e -> collectSchemas(e.getValue(),
                    pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), into, depth + 1));
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode item : node.values()) {
                collectSchemas(item, pointer + "/" + i++, into, depth + 1);
            }
        }
    }
}
