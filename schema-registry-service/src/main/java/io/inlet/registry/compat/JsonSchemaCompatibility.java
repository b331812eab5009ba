package io.inlet.registry.compat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides whether a <em>reader</em> JSON Schema accepts every instance a <em>writer</em> schema
 * accepts, by walking both schemas side by side ({@code properties}, {@code items},
 * {@code additionalProperties}, local {@code $ref}s) and applying the {@link CompatibilityRule}s.
 *
 * <p>The analysis is structural and errs on the safe side: what it cannot prove compatible
 * (a changed {@code pattern}, {@code allOf}, remote {@code $ref}) it reports. One deliberate
 * leniency: a property the reader adds to an <em>open</em> writer content model is accepted,
 * as evolving event types by adding optional fields must stay possible.
 */
public final class JsonSchemaCompatibility {

    private static final Set<String> ALL_TYPES =
            Set.of("null", "boolean", "object", "array", "number", "integer", "string");

    /** Keywords compared only for equality; the checker does not reason about their semantics. */
    private static final List<String> UNANALYSED = List.of("allOf", "not", "if", "then", "else",
            "patternProperties", "propertyNames", "dependentRequired", "dependentSchemas",
            "dependencies", "contains", "minContains", "maxContains", "prefixItems",
            "unevaluatedItems", "contentEncoding", "contentMediaType", "contentSchema");

    private static final int MAX_DEPTH = 64;

    private final String readerName;
    private final String writerName;

    /**
     * @param readerName how messages call the reader, e.g. {@code "new schema"}
     * @param writerName how messages call the writer, e.g. {@code "version 2"}
     */
    public JsonSchemaCompatibility(String readerName, String writerName) {
        this.readerName = readerName;
        this.writerName = writerName;
    }

    /** Everything that makes {@code reader} reject an instance {@code writer} accepts; empty when compatible. */
    public List<Incompatibility> readerAcceptsWriter(JsonNode reader, JsonNode writer) {
        Walk walk = new Walk(reader, writer);
        walk.compare(reader, writer, "", 0);
        return walk.found;
    }

    private final class Walk {
        private final JsonNode readerRoot;
        private final JsonNode writerRoot;
        private final List<Incompatibility> found = new ArrayList<>();
        private final Set<String> visitedRefs = new HashSet<>();

        Walk(JsonNode readerRoot, JsonNode writerRoot) {
            this.readerRoot = readerRoot;
            this.writerRoot = writerRoot;
        }

        void report(CompatibilityRule rule, String pointer, String detail) {
            found.add(new Incompatibility(rule, pointer, detail, ""));
        }

        void compare(JsonNode reader, JsonNode writer, String pointer, int depth) {
            if (depth > MAX_DEPTH) {
                return;
            }
            String refKey = refKey(reader, writer);
            if (refKey == null) {
                compareResolved(reader, writer, pointer, depth);
            } else if (visitedRefs.add(refKey)) {
                try {
                    compareResolved(reader, writer, pointer, depth);
                } finally {
                    visitedRefs.remove(refKey);
                }
            }
            // else: recursive schema, this pair of definitions is being compared already
        }

        private void compareResolved(JsonNode reader, JsonNode writer, String pointer, int depth) {
            reader = resolve(reader, readerRoot);
            writer = resolve(writer, writerRoot);
            if (acceptsNothing(writer) || acceptsEverything(reader)) {
                return;
            }
            if (acceptsNothing(reader)) {
                report(CompatibilityRule.SCHEMA_REJECTS_ALL, pointer,
                        readerName + " is the false schema; " + writerName + " accepts instances");
                return;
            }
            if (writer.isBoolean()) {
                writer = JsonNodeFactory.instance.objectNode(); // true: accepts everything
            }
            unresolvableRef(reader, writer, pointer);
            types(reader, writer, pointer);
            enums(reader, writer, pointer);
            lowerBound(reader, writer, pointer, "minimum", CompatibilityRule.MINIMUM_INCREASED);
            lowerBound(reader, writer, pointer, "exclusiveMinimum", CompatibilityRule.EXCLUSIVE_MINIMUM_INCREASED);
            lowerBound(reader, writer, pointer, "minLength", CompatibilityRule.MIN_LENGTH_INCREASED);
            lowerBound(reader, writer, pointer, "minItems", CompatibilityRule.MIN_ITEMS_INCREASED);
            lowerBound(reader, writer, pointer, "minProperties", CompatibilityRule.MIN_PROPERTIES_INCREASED);
            upperBound(reader, writer, pointer, "maximum", CompatibilityRule.MAXIMUM_DECREASED);
            upperBound(reader, writer, pointer, "exclusiveMaximum", CompatibilityRule.EXCLUSIVE_MAXIMUM_DECREASED);
            upperBound(reader, writer, pointer, "maxLength", CompatibilityRule.MAX_LENGTH_DECREASED);
            upperBound(reader, writer, pointer, "maxItems", CompatibilityRule.MAX_ITEMS_DECREASED);
            upperBound(reader, writer, pointer, "maxProperties", CompatibilityRule.MAX_PROPERTIES_DECREASED);
            multipleOf(reader, writer, pointer);
            sameWhenPresent(reader, writer, pointer, "pattern", CompatibilityRule.PATTERN_CHANGED);
            sameWhenPresent(reader, writer, pointer, "format", CompatibilityRule.FORMAT_CHANGED);
            uniqueItems(reader, writer, pointer);
            objects(reader, writer, pointer, depth);
            arrays(reader, writer, pointer, depth);
            combinations(reader, writer, pointer, depth, "anyOf");
            combinations(reader, writer, pointer, depth, "oneOf");
            for (String keyword : UNANALYSED) {
                if (reader.has(keyword) && !reader.get(keyword).equals(writer.get(keyword))) {
                    report(CompatibilityRule.UNANALYSED_KEYWORD_CHANGED, pointer + "/" + keyword,
                            "'" + keyword + "' differs between " + readerName + " and " + writerName
                                    + "; changes to it are not analysed and count as incompatible");
                }
            }
        }

        private void types(JsonNode reader, JsonNode writer, String pointer) {
            Set<String> readerTypes = types(reader);
            if (readerTypes.containsAll(ALL_TYPES)) {
                return;
            }
            Set<String> writerTypes = types(writer);
            Set<String> rejected = new TreeSet<>();
            for (String type : writerTypes) {
                boolean accepted = readerTypes.contains(type)
                        || (type.equals("integer") && readerTypes.contains("number"));
                if (!accepted) {
                    rejected.add(type);
                }
            }
            if (!rejected.isEmpty()) {
                report(CompatibilityRule.TYPE_NARROWED, pointer + "/type",
                        readerName + " accepts " + new TreeSet<>(readerTypes) + " but " + writerName
                                + " also accepts " + rejected);
            }
        }

        private Set<String> types(JsonNode schema) {
            JsonNode type = schema.get("type");
            if (type == null) {
                return ALL_TYPES;
            }
            Set<String> result = new LinkedHashSet<>();
            if (type.isString()) {
                result.add(type.stringValue());
            } else if (type.isArray()) {
                type.values().forEach(t -> result.add(t.asString()));
            }
            return result;
        }

        private void enums(JsonNode reader, JsonNode writer, String pointer) {
            Set<JsonNode> readerValues = allowedValues(reader);
            if (readerValues == null) {
                return;
            }
            Set<JsonNode> writerValues = allowedValues(writer);
            String keyword = reader.has("enum") ? "enum" : "const";
            if (writerValues == null) {
                report(CompatibilityRule.ENUM_ADDED, pointer + "/" + keyword,
                        readerName + " restricts values to " + readerValues + ", " + writerName
                                + " does not");
                return;
            }
            List<JsonNode> removed = new ArrayList<>();
            for (JsonNode value : writerValues) {
                if (!readerValues.contains(value)) {
                    removed.add(value);
                }
            }
            if (!removed.isEmpty()) {
                report(CompatibilityRule.ENUM_VALUE_REMOVED, pointer + "/" + keyword,
                        writerName + " allows " + removed + " which " + readerName + " does not");
            }
        }

        /** The enum/const values, or null if unrestricted. */
        private Set<JsonNode> allowedValues(JsonNode schema) {
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

        private void lowerBound(JsonNode reader, JsonNode writer, String pointer, String keyword,
                                CompatibilityRule rule) {
            BigDecimal readerBound = number(reader, keyword);
            if (readerBound == null) {
                return;
            }
            BigDecimal writerBound = number(writer, keyword);
            if (writerBound == null || writerBound.compareTo(readerBound) < 0) {
                report(rule, pointer + "/" + keyword, readerName + " requires " + keyword + " "
                        + readerBound.toPlainString() + ", " + writerName + " "
                        + (writerBound == null ? "has none" : "only " + writerBound.toPlainString()));
            }
        }

        private void upperBound(JsonNode reader, JsonNode writer, String pointer, String keyword,
                                CompatibilityRule rule) {
            BigDecimal readerBound = number(reader, keyword);
            if (readerBound == null) {
                return;
            }
            BigDecimal writerBound = number(writer, keyword);
            if (writerBound == null || writerBound.compareTo(readerBound) > 0) {
                report(rule, pointer + "/" + keyword, readerName + " requires " + keyword + " "
                        + readerBound.toPlainString() + ", " + writerName + " "
                        + (writerBound == null ? "has none" : "allows " + writerBound.toPlainString()));
            }
        }

        private BigDecimal number(JsonNode schema, String keyword) {
            JsonNode value = schema.get(keyword);
            return value != null && value.isNumber() ? value.decimalValue() : null;
        }

        private void multipleOf(JsonNode reader, JsonNode writer, String pointer) {
            BigDecimal readerStep = number(reader, "multipleOf");
            if (readerStep == null || readerStep.signum() <= 0) {
                return;
            }
            BigDecimal writerStep = number(writer, "multipleOf");
            if (writerStep == null || writerStep.remainder(readerStep).signum() != 0) {
                report(CompatibilityRule.MULTIPLE_OF_CHANGED, pointer + "/multipleOf",
                        readerName + " requires multiples of " + readerStep.toPlainString() + ", "
                                + writerName + (writerStep == null ? " does not"
                                : " only multiples of " + writerStep.toPlainString()));
            }
        }

        private void sameWhenPresent(JsonNode reader, JsonNode writer, String pointer, String keyword,
                                     CompatibilityRule rule) {
            JsonNode readerValue = reader.get(keyword);
            if (readerValue == null || readerValue.equals(writer.get(keyword))) {
                return;
            }
            JsonNode writerValue = writer.get(keyword);
            report(rule, pointer + "/" + keyword, readerName + " requires " + keyword + " " + readerValue
                    + ", " + writerName + (writerValue == null ? " has none" : " has " + writerValue));
        }

        private void uniqueItems(JsonNode reader, JsonNode writer, String pointer) {
            if (reader.path("uniqueItems").asBoolean(false) && !writer.path("uniqueItems").asBoolean(false)) {
                report(CompatibilityRule.UNIQUE_ITEMS_ADDED, pointer + "/uniqueItems",
                        readerName + " requires unique items, " + writerName + " does not");
            }
        }

        private void objects(JsonNode reader, JsonNode writer, String pointer, int depth) {
            JsonNode readerProps = reader.path("properties");
            JsonNode writerProps = writer.path("properties");
            JsonNode readerAdditional = reader.get("additionalProperties");
            JsonNode writerAdditional = writer.get("additionalProperties");
            boolean readerClosed = closed(reader);
            boolean writerClosed = closed(writer);

            Set<String> names = new TreeSet<>();
            readerProps.propertyNames().forEach(names::add);
            writerProps.propertyNames().forEach(names::add);
            for (String name : names) {
                String at = pointer + "/properties/" + escape(name);
                JsonNode readerProp = readerProps.get(name);
                JsonNode writerProp = writerProps.get(name);
                if (readerProp != null && writerProp != null) {
                    compare(readerProp, writerProp, at, depth + 1);
                } else if (writerProp != null) {
                    if (readerClosed) {
                        report(CompatibilityRule.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL, at,
                                writerName + " allows property '" + name + "' which the closed content model of "
                                        + readerName + " does not");
                    } else if (readerAdditional != null && readerAdditional.isObject()) {
                        compare(readerAdditional, writerProp, at, depth + 1);
                    }
                } else if (!writerClosed && writerAdditional != null && writerAdditional.isObject()) {
                    compare(readerProp, writerAdditional, at, depth + 1);
                }
                // else: a property new to the reader, on an open (lenient) or closed writer: fine.
            }

            Set<String> writerRequired = strings(writer.get("required"));
            for (String name : strings(reader.get("required"))) {
                if (!writerRequired.contains(name) && !readerProps.path(name).has("default")) {
                    report(CompatibilityRule.REQUIRED_PROPERTY_ADDED, pointer + "/required",
                            readerName + " requires property '" + name + "' (without a default) which "
                                    + writerName + " does not require");
                }
            }

            if (readerClosed && !writerClosed) {
                String keyword = reader.has("additionalProperties") ? "additionalProperties" : "unevaluatedProperties";
                report(CompatibilityRule.CONTENT_MODEL_CLOSED, pointer + "/" + keyword,
                        readerName + " forbids additional properties, " + writerName + " allows them");
            } else if (readerAdditional != null && readerAdditional.isObject() && !writerClosed) {
                JsonNode writerSide = writerAdditional == null ? JsonNodeFactory.instance.objectNode() : writerAdditional;
                compare(readerAdditional, writerSide, pointer + "/additionalProperties", depth + 1);
            }
        }

        private boolean closed(JsonNode schema) {
            return isFalse(schema.get("additionalProperties")) || isFalse(schema.get("unevaluatedProperties"));
        }

        private void arrays(JsonNode reader, JsonNode writer, String pointer, int depth) {
            JsonNode readerItems = reader.get("items");
            if (readerItems == null) {
                return;
            }
            JsonNode writerItems = writer.get("items");
            if (readerItems.isArray() || (writerItems != null && writerItems.isArray())) {
                // draft-07 tuple form
                if (readerItems.isArray() && writerItems != null && writerItems.isArray()
                        && readerItems.size() == writerItems.size()) {
                    for (int i = 0; i < readerItems.size(); i++) {
                        compare(readerItems.get(i), writerItems.get(i), pointer + "/items/" + i, depth + 1);
                    }
                } else if (!readerItems.equals(writerItems)) {
                    report(CompatibilityRule.UNANALYSED_KEYWORD_CHANGED, pointer + "/items",
                            "tuple 'items' differ between " + readerName + " and " + writerName);
                }
                return;
            }
            compare(readerItems, writerItems == null ? JsonNodeFactory.instance.booleanNode(true) : writerItems,
                    pointer + "/items", depth + 1);
        }

        private void combinations(JsonNode reader, JsonNode writer, String pointer, int depth, String keyword) {
            JsonNode readerBranches = reader.get(keyword);
            if (readerBranches == null || !readerBranches.isArray() || readerBranches.equals(writer.get(keyword))) {
                return;
            }
            JsonNode writerBranches = writer.get(keyword);
            List<JsonNode> writerAlternatives = writerBranches != null && writerBranches.isArray()
                    ? List.copyOf(writerBranches.values()) : List.of(withoutKeyword(writer, keyword));
            for (int w = 0; w < writerAlternatives.size(); w++) {
                boolean accepted = false;
                for (JsonNode readerBranch : readerBranches.values()) {
                    Walk probe = new Walk(readerRoot, writerRoot);
                    probe.compare(readerBranch, writerAlternatives.get(w), pointer, depth + 1);
                    if (probe.found.isEmpty()) {
                        accepted = true;
                        break;
                    }
                }
                if (!accepted) {
                    report(CompatibilityRule.COMBINATION_BRANCH_REMOVED, pointer + "/" + keyword,
                            (writerBranches != null ? writerName + " " + keyword + " branch " + w : writerName)
                                    + " is accepted by no " + keyword + " branch of " + readerName);
                }
            }
        }

        private JsonNode withoutKeyword(JsonNode schema, String keyword) {
            ObjectNode copy = (ObjectNode) schema.deepCopy();
            copy.remove(keyword);
            return copy;
        }

        private void unresolvableRef(JsonNode reader, JsonNode writer, String pointer) {
            JsonNode ref = reader.get("$ref");
            if (ref != null && !ref.equals(writer.get("$ref"))) {
                report(CompatibilityRule.UNANALYSED_KEYWORD_CHANGED, pointer + "/$ref",
                        "remote $ref " + ref + " of " + readerName + " differs from " + writerName);
            }
        }

        private String refKey(JsonNode reader, JsonNode writer) {
            String r = localRef(reader);
            String w = localRef(writer);
            return r == null && w == null ? null : r + "|" + w;
        }

        /** Inlines a local {@code $ref} (siblings override the target); remote refs stay. */
        private JsonNode resolve(JsonNode schema, JsonNode root) {
            for (int hops = 0; hops < MAX_DEPTH; hops++) {
                String ref = localRef(schema);
                if (ref == null) {
                    return schema;
                }
                JsonNode target = ref.equals("#") ? root : root.at(ref.substring(1));
                if (target == null || target.isMissingNode()) {
                    return schema;
                }
                if (target.isBoolean()) {
                    return target;
                }
                ObjectNode merged = (ObjectNode) target.deepCopy();
                schema.properties().forEach(e -> {
                    if (!e.getKey().equals("$ref")) {
                        merged.set(e.getKey(), e.getValue());
                    }
                });
                schema = merged;
            }
            return schema;
        }

        private String localRef(JsonNode schema) {
            JsonNode ref = schema == null || !schema.isObject() ? null : schema.get("$ref");
            return ref != null && ref.isString() && ref.stringValue().startsWith("#") ? ref.stringValue() : null;
        }
    }

    private static boolean acceptsNothing(JsonNode schema) {
        return isFalse(schema);
    }

    private static boolean acceptsEverything(JsonNode schema) {
        return (schema.isBoolean() && schema.booleanValue()) || (schema.isObject() && schema.isEmpty());
    }

    private static boolean isFalse(JsonNode node) {
        return node != null && node.isBoolean() && !node.booleanValue();
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> result = new LinkedHashSet<>();
        if (array != null && array.isArray()) {
            array.values().forEach(v -> result.add(v.asString()));
        }
        return result;
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
