package io.inlet.registry.compat;

import static io.inlet.registry.compat.SchemaNodes.number;
import static io.inlet.registry.compat.SchemaNodes.strings;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The rules on single values: {@code type}, {@code enum}/{@code const}, bounds, {@code multipleOf}, {@code pattern}, {@code format}, {@code uniqueItems}. */
final class ValueRules {

    private final SchemaWalk walk;

    ValueRules(SchemaWalk walk) {
        this.walk = walk;
    }

    void types(JsonNode r, Set<String> writerTypes, String pointer) {
        if (!r.has("type")) {
            return;
        }
        Set<String> readerTypes = SchemaNodes.types(SchemaNodes.object().set("type", r.get("type")));
        Set<String> rejected = new TreeSet<>();
        for (String type : writerTypes) {
            if (!readerTypes.contains(type)) {
                rejected.add(type);
            }
        }
        if (rejected.contains("number") && !rejected.contains("integer")) {
            rejected.remove("integer");
        }
        if (!rejected.isEmpty()) {
            Set<String> declared = new TreeSet<>(strings(r.get("type").isArray() ? r.get("type")
                    : JsonNodeFactory.instance.arrayNode().add(r.get("type"))));
            walk.report(CompatibilityRule.TYPE_NARROWED, pointer + "/type",
                    walk.reader + " accepts " + declared + " but " + walk.writer + " also accepts " + rejected);
        }
    }

    void enums(JsonNode r, JsonNode w, String pointer) {
        Set<JsonNode> readerValues = SchemaNodes.allowedValues(r);
        if (readerValues == null) {
            return;
        }
        Set<JsonNode> writerValues = SchemaNodes.allowedValues(w);
        String keyword = r.has("enum") ? "enum" : "const";
        if (writerValues == null) {
            if (SchemaNodes.types(w).equals(Set.of("boolean")) && readerValues.size() == 2
                    && readerValues.stream().allMatch(JsonNode::isBoolean)) {
                return;
            }
            walk.report(CompatibilityRule.ENUM_ADDED, pointer + "/" + keyword,
                    walk.reader + " restricts values to " + readerValues + ", " + walk.writer + " does not");
            return;
        }
        List<JsonNode> removed = new ArrayList<>();
        for (JsonNode value : writerValues) {
            if (!readerValues.contains(value)) {
                removed.add(value);
            }
        }
        if (!removed.isEmpty()) {
            walk.report(CompatibilityRule.ENUM_VALUE_REMOVED, pointer + "/" + keyword,
                    walk.writer + " allows " + removed + " which " + walk.reader + " does not");
        }
    }

    /** A numeric bound: the value, whether it is exclusive, and the keyword that set it. */
    private record Bound(BigDecimal value, boolean exclusive, String keyword) {
    }

    /** minimum / exclusiveMinimum (number, or draft-04's boolean modifier), the tighter one. */
    private Bound numericBound(JsonNode schema, String inclusive, String exclusive, boolean lower) {
        BigDecimal inclusiveValue = number(schema, inclusive);
        JsonNode exclusiveNode = schema.get(exclusive);
        Bound result = inclusiveValue == null ? null : new Bound(inclusiveValue,
                exclusiveNode != null && exclusiveNode.isBoolean() && exclusiveNode.booleanValue(), inclusive);
        if (exclusiveNode != null && exclusiveNode.isNumber()) {
            Bound candidate = new Bound(exclusiveNode.decimalValue(), true, exclusive);
            if (result == null) {
                return candidate;
            }
            int c = candidate.value().compareTo(result.value());
            if ((lower ? c > 0 : c < 0) || c == 0) {
                return candidate;
            }
        }
        return result;
    }

    void lowerBound(JsonNode r, JsonNode w, String pointer) {
        Bound readerBound = numericBound(r, "minimum", "exclusiveMinimum", true);
        if (readerBound == null) {
            return;
        }
        Bound writerBound = numericBound(w, "minimum", "exclusiveMinimum", true);
        boolean ok = writerBound != null && (writerBound.value().compareTo(readerBound.value()) > 0
                || (writerBound.value().compareTo(readerBound.value()) == 0
                && (writerBound.exclusive() || !readerBound.exclusive())));
        if (!ok) {
            walk.report(readerBound.exclusive() ? CompatibilityRule.EXCLUSIVE_MINIMUM_INCREASED
                            : CompatibilityRule.MINIMUM_INCREASED, pointer + "/" + readerBound.keyword(),
                    walk.reader + " requires " + describe(readerBound, ">") + ", " + walk.writer + " "
                            + (writerBound == null ? "has no lower bound" : "only " + describe(writerBound, ">")));
        }
    }

    void upperBound(JsonNode r, JsonNode w, String pointer) {
        Bound readerBound = numericBound(r, "maximum", "exclusiveMaximum", false);
        if (readerBound == null) {
            return;
        }
        Bound writerBound = numericBound(w, "maximum", "exclusiveMaximum", false);
        boolean ok = writerBound != null && (writerBound.value().compareTo(readerBound.value()) < 0
                || (writerBound.value().compareTo(readerBound.value()) == 0
                && (writerBound.exclusive() || !readerBound.exclusive())));
        if (!ok) {
            walk.report(readerBound.exclusive() ? CompatibilityRule.EXCLUSIVE_MAXIMUM_DECREASED
                            : CompatibilityRule.MAXIMUM_DECREASED, pointer + "/" + readerBound.keyword(),
                    walk.reader + " requires " + describe(readerBound, "<") + ", " + walk.writer + " "
                            + (writerBound == null ? "has no upper bound" : "allows " + describe(writerBound, "<")));
        }
    }

    private String describe(Bound bound, String direction) {
        return direction + (bound.exclusive() ? " " : "= ") + bound.value().toPlainString();
    }

    void lowerBound(JsonNode r, JsonNode w, String pointer, String keyword, CompatibilityRule rule) {
        BigDecimal readerBound = number(r, keyword);
        if (readerBound == null || readerBound.signum() <= 0) {
            return;
        }
        BigDecimal writerBound = number(w, keyword);
        if (writerBound == null || writerBound.compareTo(readerBound) < 0) {
            walk.report(rule, pointer + "/" + keyword, walk.reader + " requires " + keyword + " "
                    + readerBound.toPlainString() + ", " + walk.writer + " "
                    + (writerBound == null ? "has none" : "only " + writerBound.toPlainString()));
        }
    }

    void upperBound(JsonNode r, JsonNode w, String pointer, String keyword, CompatibilityRule rule) {
        BigDecimal readerBound = number(r, keyword);
        if (readerBound == null) {
            return;
        }
        BigDecimal writerBound = number(w, keyword);
        if (writerBound == null || writerBound.compareTo(readerBound) > 0) {
            walk.report(rule, pointer + "/" + keyword, walk.reader + " requires " + keyword + " "
                    + readerBound.toPlainString() + ", " + walk.writer + " "
                    + (writerBound == null ? "has none" : "allows " + writerBound.toPlainString()));
        }
    }

    void multipleOf(JsonNode r, JsonNode w, String pointer) {
        BigDecimal readerStep = number(r, "multipleOf");
        if (readerStep == null || readerStep.signum() <= 0) {
            return;
        }
        BigDecimal writerStep = number(w, "multipleOf");
        boolean integersOnly = !SchemaNodes.types(w).contains("number");
        if (writerStep == null && integersOnly && readerStep.compareTo(BigDecimal.ONE) == 0) {
            return;
        }
        if (writerStep == null || writerStep.remainder(readerStep).signum() != 0) {
            walk.report(CompatibilityRule.MULTIPLE_OF_CHANGED, pointer + "/multipleOf",
                    walk.reader + " requires multiples of " + readerStep.toPlainString() + ", "
                            + walk.writer + (writerStep == null ? " does not"
                            : " only multiples of " + writerStep.toPlainString()));
        }
    }

    void sameWhenPresent(JsonNode r, JsonNode w, String pointer, String keyword, CompatibilityRule rule) {
        JsonNode readerValue = r.get(keyword);
        if (readerValue == null || readerValue.equals(w.get(keyword))) {
            return;
        }
        JsonNode writerValue = w.get(keyword);
        walk.report(rule, pointer + "/" + keyword, walk.reader + " requires " + keyword + " " + readerValue
                + ", " + walk.writer + (writerValue == null ? " has none" : " has " + writerValue));
    }

    void uniqueItems(JsonNode r, JsonNode w, String pointer) {
        if (r.path("uniqueItems").asBoolean(false) && !w.path("uniqueItems").asBoolean(false)
                && !(number(w, "maxItems") != null && number(w, "maxItems").compareTo(BigDecimal.ONE) <= 0)) {
            walk.report(CompatibilityRule.UNIQUE_ITEMS_ADDED, pointer + "/uniqueItems",
                    walk.reader + " requires unique items, " + walk.writer + " does not");
        }
    }
}
