package io.inlet.registry.compat;

import static io.inlet.registry.compat.SchemaNodes.acceptsEverything;
import static io.inlet.registry.compat.SchemaNodes.isFalse;
import static io.inlet.registry.compat.SchemaNodes.number;

import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Array keywords, position by position: {@code items}, tuples in the draft-07
 * ({@code items: [...]} + {@code additionalItems}) and 2020-12 ({@code prefixItems} + {@code items})
 * forms, and {@code contains}/{@code minContains}/{@code maxContains}.
 */
final class ArrayRules {

    private final SchemaWalk walk;

    ArrayRules(SchemaWalk walk) {
        this.walk = walk;
    }

    /** An array model: per-position schemas, the schema of the items after them, and their pointers. */
    private record Model(List<JsonNode> prefix, JsonNode rest, String prefixKeyword, String restKeyword) {
        JsonNode at(int i) {
            return i < prefix.size() ? prefix.get(i) : rest;
        }

        boolean restOpen() {
            return rest == null || (rest.isBoolean() && rest.booleanValue()) || (rest.isObject() && rest.isEmpty());
        }
    }

    private Model model(JsonNode schema) {
        JsonNode prefixItems = schema.get("prefixItems");
        JsonNode items = schema.get("items");
        if (prefixItems != null && prefixItems.isArray()) {
            return new Model(List.copyOf(prefixItems.values()), items, "prefixItems", "items");
        }
        if (items != null && items.isArray()) {
            return new Model(List.copyOf(items.values()), schema.get("additionalItems"), "items", "additionalItems");
        }
        return new Model(List.of(), items, "items", "items");
    }

    void compare(JsonNode r, JsonNode w, String pointer, int depth) {
        Model reader = model(r);
        Model writer = model(w);
        BigDecimal writerMax = number(w, "maxItems");
        int positions = Math.max(reader.prefix().size(), writer.prefix().size());
        if (writerMax != null && writerMax.compareTo(BigDecimal.valueOf(positions)) < 0) {
            positions = writerMax.intValue();
        }
        for (int i = 0; i < positions; i++) {
            JsonNode writerSchema = writer.at(i);
            if (writerSchema != null && isFalse(walk.resolve(writerSchema, walk.writerRoot))) {
                return; // the writer's arrays end before position i
            }
            JsonNode readerSchema = reader.at(i);
            boolean positional = i < reader.prefix().size();
            String at = pointer + "/" + (positional ? reader.prefixKeyword() + "/" + i : reader.restKeyword());
            if (readerSchema == null) {
                continue;
            }
            JsonNode resolvedReader = walk.resolve(readerSchema, walk.readerRoot);
            if (isFalse(resolvedReader)) {
                walk.report(CompatibilityRule.CONTENT_MODEL_CLOSED, at,
                        walk.reader + " allows at most " + i + " items, " + walk.writer + " allows more");
                return;
            }
            if (positional && i >= writer.prefix().size() && writer.restOpen()) {
                if (!acceptsEverything(resolvedReader)) {
                    walk.report(CompatibilityRule.ITEM_ADDED_TO_OPEN_CONTENT_MODEL, at,
                            walk.reader + " constrains item " + i + " which the open content model of "
                                    + walk.writer + " allows with any value");
                }
                continue;
            }
            walk.compare(readerSchema, writerSchema == null ? SchemaNodes.object() : writerSchema, at, depth + 1);
        }
        if (writerMax == null || writerMax.compareTo(BigDecimal.valueOf(positions)) > 0) {
            JsonNode readerRest = reader.rest();
            if (readerRest != null) {
                JsonNode writerRest = writer.rest() == null ? SchemaNodes.object() : writer.rest();
                String at = pointer + "/" + reader.restKeyword();
                JsonNode resolvedWriter = walk.resolve(writerRest, walk.writerRoot);
                if (isFalse(walk.resolve(readerRest, walk.readerRoot)) && !isFalse(resolvedWriter)) {
                    walk.report(CompatibilityRule.CONTENT_MODEL_CLOSED, at, walk.reader + " allows at most "
                            + positions + " items, " + walk.writer + " allows more");
                } else {
                    walk.compare(readerRest, writerRest, at, depth + 1);
                }
            }
        }
        contains(r, w, writer, pointer, depth);
    }

    private void contains(JsonNode r, JsonNode w, Model writer, String pointer, int depth) {
        JsonNode readerContains = r.get("contains");
        if (readerContains == null) {
            return;
        }
        BigDecimal readerMin = r.has("minContains") ? number(r, "minContains") : BigDecimal.ONE;
        BigDecimal readerMax = number(r, "maxContains");
        JsonNode writerContains = w.get("contains");
        BigDecimal writerMin = w.has("minContains") ? number(w, "minContains") : BigDecimal.ONE;
        BigDecimal writerMax = number(w, "maxContains");
        String at = pointer + "/contains";
        if (readerMin != null && readerMin.signum() > 0) {
            boolean guaranteed = false;
            if (writerContains != null && walk.accepts(readerContains, writerContains, at, depth + 1)) {
                if (writerMin != null && writerMin.compareTo(readerMin) >= 0) {
                    guaranteed = true;
                } else {
                    walk.report(CompatibilityRule.MIN_CONTAINS_INCREASED, pointer + "/minContains",
                            walk.reader + " requires " + readerMin.toPlainString() + " matching items, "
                                    + walk.writer + " only " + (writerMin == null ? "0" : writerMin.toPlainString()));
                    guaranteed = true;
                }
            }
            BigDecimal writerMinItems = number(w, "minItems");
            if (!guaranteed && writer.prefix().isEmpty() && writerMinItems != null
                    && writerMinItems.compareTo(readerMin) >= 0
                    && walk.accepts(readerContains, writer.rest() == null ? SchemaNodes.object() : writer.rest(),
                    at, depth + 1)) {
                guaranteed = true; // every one of at least minItems items matches
            }
            if (!guaranteed) {
                walk.report(writerContains == null ? CompatibilityRule.CONTAINS_ADDED : CompatibilityRule.CONTAINS_NARROWED,
                        at, walk.reader + " requires items matching its 'contains' which " + walk.writer
                                + " does not guarantee");
            }
        }
        if (readerMax != null) {
            BigDecimal writerMaxItems = number(w, "maxItems");
            boolean bounded = writerMaxItems != null && writerMaxItems.compareTo(readerMax) <= 0;
            if (!bounded && writerContains != null && writerMax != null && writerMax.compareTo(readerMax) <= 0) {
                SchemaWalk inverse = walk.swapped();
                inverse.compare(writerContains, readerContains, at, depth + 1);
                bounded = inverse.found().isEmpty(); // every item the reader counts, the writer counts too
            }
            if (!bounded) {
                walk.report(CompatibilityRule.MAX_CONTAINS_DECREASED, pointer + "/maxContains",
                        walk.reader + " allows at most " + readerMax.toPlainString() + " matching items, "
                                + walk.writer + " more");
            }
        }
    }
}
