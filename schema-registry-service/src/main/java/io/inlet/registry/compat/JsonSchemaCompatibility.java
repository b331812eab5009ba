package io.inlet.registry.compat;

import static io.inlet.registry.compat.SchemaNodes.acceptsEverything;
import static io.inlet.registry.compat.SchemaNodes.escape;
import static io.inlet.registry.compat.SchemaNodes.isFalse;
import static io.inlet.registry.compat.SchemaNodes.number;
import static io.inlet.registry.compat.SchemaNodes.strings;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides whether a <em>reader</em> JSON Schema accepts every instance a <em>writer</em> schema
 * accepts, by walking both schemas side by side and applying the {@link CompatibilityRule}s.
 *
 * <p>The writer is first normalised: local {@code $ref}s inlined, {@code allOf} merged into one
 * schema, {@code anyOf}/{@code oneOf} split into alternatives that the reader must each accept.
 * The reader's {@code allOf} branches must each accept the writer, one of its {@code anyOf}
 * branches must, exactly one of its {@code oneOf} branches must, and its {@code not} must exclude
 * nothing the writer accepts. Objects are compared property name by property name
 * ({@code properties}, {@code patternProperties}, {@code additionalProperties} /
 * {@code unevaluatedProperties}), arrays position by position (tuples in both the draft-07
 * {@code items}/{@code additionalItems} and the 2020-12 {@code prefixItems}/{@code items} form).
 *
 * <p>The analysis errs on the safe side: what it cannot prove compatible (a changed
 * {@code pattern}, {@code if}/{@code then}/{@code else}, remote {@code $ref}) it reports. The one
 * deliberate leniency ({@link CompatibilityPolicy#LENIENT}): a property the reader declares where
 * the writer's content model is fully open is accepted, as evolving event types by adding optional
 * fields must stay possible; {@link CompatibilityPolicy#STRICT} refuses it as Confluent does.
 */
public final class JsonSchemaCompatibility {

    /** Keywords compared only for equality; the checker does not reason about their semantics. */
    private static final List<String> UNANALYSED = List.of("if", "then", "else", "unevaluatedItems",
            "contentEncoding", "contentMediaType", "contentSchema");

    private static final int MAX_DEPTH = 64;
    /** Bounds the work on pathological schemas (combinators nested in combinators). */
    private static final int MAX_COMPARISONS = 200_000;

    private final String readerName;
    private final String writerName;
    private final CompatibilityPolicy policy;

    /** Lenient policy. */
    public JsonSchemaCompatibility(String readerName, String writerName) {
        this(readerName, writerName, CompatibilityPolicy.LENIENT);
    }

    /**
     * @param readerName how messages call the reader, e.g. {@code "new schema"}
     * @param writerName how messages call the writer, e.g. {@code "version 2"}
     */
    public JsonSchemaCompatibility(String readerName, String writerName, CompatibilityPolicy policy) {
        this.readerName = readerName;
        this.writerName = writerName;
        this.policy = policy;
    }

    /** Everything that makes {@code reader} reject an instance {@code writer} accepts; empty when compatible. */
    public List<Incompatibility> readerAcceptsWriter(JsonNode reader, JsonNode writer) {
        Walk walk = new Walk(reader, writer, readerName, writerName, new HashSet<>(), new int[1]);
        walk.compare(reader, writer, "", 0);
        return walk.found;
    }

    /** Where a writer alternative came from: branch {@code index} of the writer's {@code keyword}. */
    private record Origin(String keyword, int index, List<JsonNode> branches) {
    }

    private final class Walk {
        private final JsonNode readerRoot;
        private final JsonNode writerRoot;
        private final String reader;
        private final String writer;
        private final Set<String> visitedRefs;
        private final int[] comparisons;
        private final List<Incompatibility> found = new ArrayList<>();

        Walk(JsonNode readerRoot, JsonNode writerRoot, String reader, String writer, Set<String> visitedRefs,
             int[] comparisons) {
            this.readerRoot = readerRoot;
            this.writerRoot = writerRoot;
            this.reader = reader;
            this.writer = writer;
            this.visitedRefs = visitedRefs;
            this.comparisons = comparisons;
        }

        /** A side walk whose findings decide, rather than report. */
        private Walk probe() {
            return new Walk(readerRoot, writerRoot, reader, writer, new HashSet<>(visitedRefs), comparisons);
        }

        /** A side walk with the roles swapped: the writer's subschema reads the reader's. */
        private Walk swapped() {
            return new Walk(writerRoot, readerRoot, writer, reader, new HashSet<>(), comparisons);
        }

        private boolean accepts(JsonNode readerSchema, JsonNode writerSchema, String pointer, int depth) {
            Walk probe = probe();
            probe.compare(readerSchema, writerSchema, pointer, depth);
            return probe.found.isEmpty();
        }

        void report(CompatibilityRule rule, String pointer, String detail) {
            found.add(new Incompatibility(rule, pointer, detail, ""));
        }

        void compare(JsonNode r, JsonNode w, String pointer, int depth) {
            if (depth > MAX_DEPTH || ++comparisons[0] > MAX_COMPARISONS) {
                if (comparisons[0] == MAX_COMPARISONS + 1 || depth == MAX_DEPTH + 1) {
                    report(CompatibilityRule.UNANALYSED_KEYWORD_CHANGED, pointer,
                            "the schemas are too deeply nested or combined to be analysed");
                }
                return;
            }
            String refKey = refKey(r, w);
            if (refKey == null) {
                compareResolved(r, w, pointer, depth);
            } else if (visitedRefs.add(refKey)) {
                try {
                    compareResolved(r, w, pointer, depth);
                } finally {
                    visitedRefs.remove(refKey);
                }
            }
            // else: recursive schema, this pair of definitions is being compared already
        }

        private void compareResolved(JsonNode r, JsonNode w, String pointer, int depth) {
            r = resolve(r, readerRoot);
            w = normalizeWriter(resolve(w, writerRoot), depth);
            if (isFalse(w) || acceptsEverything(r)) {
                return;
            }
            if (isFalse(r)) {
                report(CompatibilityRule.SCHEMA_REJECTS_ALL, pointer,
                        reader + " is the false schema; " + writer + " accepts instances");
                return;
            }
            for (String keyword : List.of("anyOf", "oneOf")) {
                JsonNode branches = w.get(keyword);
                if (branches != null && branches.isArray()) {
                    List<JsonNode> list = List.copyOf(branches.values());
                    JsonNode rest = SchemaNodes.without(w, keyword);
                    for (int i = 0; i < list.size(); i++) {
                        JsonNode branch = normalizeWriter(resolve(list.get(i), writerRoot), depth);
                        if (isFalse(branch)) {
                            continue;
                        }
                        JsonNode alternative = branch.isObject() ? SchemaNodes.intersection(rest, branch) : rest;
                        compareAlternative(r, alternative, pointer, depth, new Origin(keyword, i, list));
                    }
                    return;
                }
            }
            JsonNode type = w.get("type");
            if (type != null && type.isArray() && type.size() > 1 && (r.has("anyOf") || r.has("oneOf"))) {
                for (JsonNode single : type.values()) { // a union of types is an anyOf of each type
                    ObjectNode alternative = (ObjectNode) w.deepCopy();
                    alternative.set("type", single);
                    compareAlternative(r, alternative, pointer, depth, null);
                }
                return;
            }
            compareAlternative(r, w, pointer, depth, null);
        }

        /** {@code w} is free of top-level combinators; {@code origin} says which writer branch it is. */
        private void compareAlternative(JsonNode r, JsonNode w, String pointer, int depth, Origin origin) {
            if (w.has("anyOf") || w.has("oneOf")) { // a branch that itself combines
                compareResolved(r, w, pointer, depth + 1);
                return;
            }
            String label = origin == null ? writer : writer + " " + origin.keyword() + " branch " + origin.index();
            remoteRef(r, w, pointer);
            allOf(r, w, pointer, depth);
            anyOf(r, w, pointer, depth, label);
            oneOf(r, w, pointer, depth, label, origin);
            not(r, w, pointer, depth);
            Set<String> writerTypes = SchemaNodes.types(w);
            types(r, writerTypes, pointer);
            enums(r, w, pointer);
            if (writerTypes.contains("number") || writerTypes.contains("integer")) {
                lowerBound(r, w, pointer);
                upperBound(r, w, pointer);
                multipleOf(r, w, pointer);
            }
            if (writerTypes.contains("string")) {
                lowerBound(r, w, pointer, "minLength", CompatibilityRule.MIN_LENGTH_INCREASED);
                upperBound(r, w, pointer, "maxLength", CompatibilityRule.MAX_LENGTH_DECREASED);
                sameWhenPresent(r, w, pointer, "pattern", CompatibilityRule.PATTERN_CHANGED);
            }
            sameWhenPresent(r, w, pointer, "format", CompatibilityRule.FORMAT_CHANGED);
            if (writerTypes.contains("array")) {
                lowerBound(r, w, pointer, "minItems", CompatibilityRule.MIN_ITEMS_INCREASED);
                upperBound(r, w, pointer, "maxItems", CompatibilityRule.MAX_ITEMS_DECREASED);
                uniqueItems(r, w, pointer);
                new Arrays(this).compare(r, w, pointer, depth);
            }
            if (writerTypes.contains("object")) {
                lowerBound(r, w, pointer, "minProperties", CompatibilityRule.MIN_PROPERTIES_INCREASED);
                upperBound(r, w, pointer, "maxProperties", CompatibilityRule.MAX_PROPERTIES_DECREASED);
                new Objects(this).compare(r, w, pointer, depth);
            }
            for (String keyword : UNANALYSED) {
                if (r.has(keyword) && !r.get(keyword).equals(w.get(keyword))) {
                    report(CompatibilityRule.UNANALYSED_KEYWORD_CHANGED, pointer + "/" + keyword,
                            "'" + keyword + "' differs between " + reader + " and " + writer
                                    + "; changes to it are not analysed and count as incompatible");
                }
            }
        }

        /** Inlines the writer's {@code allOf} (and {@code true}) so its constraints sit in one schema. */
        private JsonNode normalizeWriter(JsonNode w, int depth) {
            if (w.isBoolean()) {
                return w.booleanValue() ? SchemaNodes.object() : w;
            }
            JsonNode branches = w.get("allOf");
            if (branches == null || !branches.isArray() || depth > MAX_DEPTH) {
                return w;
            }
            JsonNode merged = SchemaNodes.without(w, "allOf");
            for (JsonNode branch : branches.values()) {
                JsonNode resolved = normalizeWriter(resolve(branch, writerRoot), depth + 1);
                if (isFalse(resolved)) {
                    return resolved;
                }
                if (resolved.isObject()) {
                    merged = SchemaNodes.intersection(merged, resolved);
                }
            }
            return merged;
        }

        private void allOf(JsonNode r, JsonNode w, String pointer, int depth) {
            JsonNode branches = r.get("allOf");
            if (branches == null || !branches.isArray()) {
                return;
            }
            int i = 0;
            for (JsonNode branch : branches.values()) {
                compare(branch, w, pointer + "/allOf/" + i++, depth + 1);
            }
        }

        private void anyOf(JsonNode r, JsonNode w, String pointer, int depth, String label) {
            JsonNode branches = r.get("anyOf");
            if (branches == null || !branches.isArray()) {
                return;
            }
            int i = 0;
            for (JsonNode branch : branches.values()) {
                if (accepts(branch, w, pointer + "/anyOf/" + i++, depth + 1)) {
                    return;
                }
            }
            report(CompatibilityRule.COMBINATION_BRANCH_REMOVED, pointer + "/anyOf",
                    label + " is accepted by no anyOf branch of " + reader);
        }

        private void oneOf(JsonNode r, JsonNode w, String pointer, int depth, String label, Origin origin) {
            JsonNode branches = r.get("oneOf");
            if (branches == null || !branches.isArray()) {
                return;
            }
            List<JsonNode> list = List.copyOf(branches.values());
            int accepting = -1;
            for (int i = 0; i < list.size() && accepting < 0; i++) {
                if (accepts(list.get(i), w, pointer + "/oneOf/" + i, depth + 1)) {
                    accepting = i;
                }
            }
            if (accepting < 0) {
                report(CompatibilityRule.COMBINATION_BRANCH_REMOVED, pointer + "/oneOf",
                        label + " is accepted by no oneOf branch of " + reader);
                return;
            }
            if (policy == CompatibilityPolicy.STRICT && origin != null && origin.keyword().equals("anyOf")
                    && origin.branches().size() > 1) {
                report(CompatibilityRule.COMBINED_TYPE_CHANGED, pointer + "/oneOf",
                        writer + " combines with anyOf, " + reader + " with oneOf (strict policy)");
                return;
            }
            if (origin != null && origin.keyword().equals("oneOf") && origin.branches().containsAll(list)) {
                return; // the writer's own oneOf already makes its instances match one of these branches only
            }
            for (int j = 0; j < list.size(); j++) {
                boolean exclusiveByWriter = origin != null && origin.keyword().equals("oneOf")
                        && origin.branches().contains(list.get(j)) && origin.branches().contains(list.get(accepting));
                if (j != accepting && !exclusiveByWriter && !Disjointness.disjoint(w, n -> resolve(n, writerRoot),
                        list.get(j), n -> resolve(n, readerRoot))) {
                    report(CompatibilityRule.ONE_OF_BRANCHES_OVERLAP, pointer + "/oneOf/" + j,
                            "instances of " + label + " match oneOf branch " + accepting + " of " + reader
                                    + " and may match branch " + j + " too, which oneOf rejects");
                }
            }
        }

        private void not(JsonNode r, JsonNode w, String pointer, int depth) {
            JsonNode excluded = r.get("not");
            if (excluded == null) {
                return;
            }
            JsonNode writerExcluded = w.get("not");
            if (writerExcluded != null) {
                Walk inverse = swapped();
                inverse.compare(writerExcluded, excluded, pointer + "/not", depth + 1);
                if (inverse.found.isEmpty()) {
                    return; // the writer already excludes at least what the reader excludes
                }
            }
            if (Disjointness.disjoint(w, n -> resolve(n, writerRoot), excluded, n -> resolve(n, readerRoot))) {
                return;
            }
            report(CompatibilityRule.NOT_EXTENDED, pointer + "/not",
                    reader + " excludes with 'not' instances that " + writer + " accepts");
        }

        private void types(JsonNode r, Set<String> writerTypes, String pointer) {
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
                report(CompatibilityRule.TYPE_NARROWED, pointer + "/type",
                        reader + " accepts " + declared + " but " + writer + " also accepts " + rejected);
            }
        }

        private void enums(JsonNode r, JsonNode w, String pointer) {
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
                report(CompatibilityRule.ENUM_ADDED, pointer + "/" + keyword,
                        reader + " restricts values to " + readerValues + ", " + writer + " does not");
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
                        writer + " allows " + removed + " which " + reader + " does not");
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

        private void lowerBound(JsonNode r, JsonNode w, String pointer) {
            Bound readerBound = numericBound(r, "minimum", "exclusiveMinimum", true);
            if (readerBound == null) {
                return;
            }
            Bound writerBound = numericBound(w, "minimum", "exclusiveMinimum", true);
            boolean ok = writerBound != null && (writerBound.value().compareTo(readerBound.value()) > 0
                    || (writerBound.value().compareTo(readerBound.value()) == 0
                    && (writerBound.exclusive() || !readerBound.exclusive())));
            if (!ok) {
                report(readerBound.exclusive() ? CompatibilityRule.EXCLUSIVE_MINIMUM_INCREASED
                                : CompatibilityRule.MINIMUM_INCREASED, pointer + "/" + readerBound.keyword(),
                        reader + " requires " + describe(readerBound, ">") + ", " + writer + " "
                                + (writerBound == null ? "has no lower bound" : "only " + describe(writerBound, ">")));
            }
        }

        private void upperBound(JsonNode r, JsonNode w, String pointer) {
            Bound readerBound = numericBound(r, "maximum", "exclusiveMaximum", false);
            if (readerBound == null) {
                return;
            }
            Bound writerBound = numericBound(w, "maximum", "exclusiveMaximum", false);
            boolean ok = writerBound != null && (writerBound.value().compareTo(readerBound.value()) < 0
                    || (writerBound.value().compareTo(readerBound.value()) == 0
                    && (writerBound.exclusive() || !readerBound.exclusive())));
            if (!ok) {
                report(readerBound.exclusive() ? CompatibilityRule.EXCLUSIVE_MAXIMUM_DECREASED
                                : CompatibilityRule.MAXIMUM_DECREASED, pointer + "/" + readerBound.keyword(),
                        reader + " requires " + describe(readerBound, "<") + ", " + writer + " "
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
                report(rule, pointer + "/" + keyword, reader + " requires " + keyword + " "
                        + readerBound.toPlainString() + ", " + writer + " "
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
                report(rule, pointer + "/" + keyword, reader + " requires " + keyword + " "
                        + readerBound.toPlainString() + ", " + writer + " "
                        + (writerBound == null ? "has none" : "allows " + writerBound.toPlainString()));
            }
        }

        private void multipleOf(JsonNode r, JsonNode w, String pointer) {
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
                report(CompatibilityRule.MULTIPLE_OF_CHANGED, pointer + "/multipleOf",
                        reader + " requires multiples of " + readerStep.toPlainString() + ", "
                                + writer + (writerStep == null ? " does not"
                                : " only multiples of " + writerStep.toPlainString()));
            }
        }

        private void sameWhenPresent(JsonNode r, JsonNode w, String pointer, String keyword, CompatibilityRule rule) {
            JsonNode readerValue = r.get(keyword);
            if (readerValue == null || readerValue.equals(w.get(keyword))) {
                return;
            }
            JsonNode writerValue = w.get(keyword);
            report(rule, pointer + "/" + keyword, reader + " requires " + keyword + " " + readerValue
                    + ", " + writer + (writerValue == null ? " has none" : " has " + writerValue));
        }

        private void uniqueItems(JsonNode r, JsonNode w, String pointer) {
            if (r.path("uniqueItems").asBoolean(false) && !w.path("uniqueItems").asBoolean(false)
                    && !(number(w, "maxItems") != null && number(w, "maxItems").compareTo(BigDecimal.ONE) <= 0)) {
                report(CompatibilityRule.UNIQUE_ITEMS_ADDED, pointer + "/uniqueItems",
                        reader + " requires unique items, " + writer + " does not");
            }
        }

        private void remoteRef(JsonNode r, JsonNode w, String pointer) {
            JsonNode ref = r.get("$ref");
            if (ref != null && !ref.equals(w.get("$ref"))) {
                report(CompatibilityRule.UNANALYSED_KEYWORD_CHANGED, pointer + "/$ref",
                        "$ref " + ref + " of " + reader + " cannot be resolved and differs from " + writer);
            }
        }

        private String refKey(JsonNode r, JsonNode w) {
            String readerRef = localRef(r);
            String writerRef = localRef(w);
            return readerRef == null && writerRef == null ? null
                    : System.identityHashCode(readerRoot) + readerRef + "|" + System.identityHashCode(writerRoot) + writerRef;
        }

        /** Inlines a local {@code $ref} (siblings override the target); remote refs stay. */
        JsonNode resolve(JsonNode schema, JsonNode root) {
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
                    if (schema.size() == 1 || isFalse(target)) {
                        return target;
                    }
                    target = SchemaNodes.object();
                }
                ObjectNode siblings = SchemaNodes.without(schema, "$ref");
                schema = siblings.isEmpty() ? target : SchemaNodes.intersection(target, siblings);
            }
            return schema;
        }

        private String localRef(JsonNode schema) {
            JsonNode ref = schema == null || !schema.isObject() ? null : schema.get("$ref");
            return ref != null && ref.isString() && ref.stringValue().startsWith("#") ? ref.stringValue() : null;
        }
    }

    /** Property-by-property comparison of object keywords. */
    private final class Objects {
        private final Walk walk;

        Objects(Walk walk) {
            this.walk = walk;
        }

        void compare(JsonNode r, JsonNode w, String pointer, int depth) {
            JsonNode readerProps = r.path("properties");
            JsonNode writerProps = w.path("properties");
            Map<String, JsonNode> readerPatterns = patterns(r);
            Map<String, JsonNode> writerPatterns = patterns(w);
            String readerRestKeyword = restKeyword(r);
            JsonNode readerRest = readerRestKeyword == null ? null : r.get(readerRestKeyword);
            JsonNode writerRest = restKeyword(w) == null ? null : w.get(restKeyword(w));
            Set<String> evaluatedElsewhere = "unevaluatedProperties".equals(readerRestKeyword)
                    ? namesInSubschemas(r) : Set.of();

            Set<String> names = new TreeSet<>();
            readerProps.propertyNames().forEach(names::add);
            writerProps.propertyNames().forEach(names::add);
            for (String name : names) {
                String at = pointer + "/properties/" + escape(name);
                JsonNode writerSide = writerSchemaFor(name, writerProps, writerPatterns, writerRest);
                if (isFalse(writerSide)) {
                    continue; // the writer never has this property
                }
                boolean writerOpenHere = writerSide == null;
                JsonNode writerSchema = writerOpenHere ? SchemaNodes.object() : writerSide;
                JsonNode declared = readerProps.get(name);
                if (declared != null) {
                    if (writerOpenHere && !acceptsEverything(walk.resolve(declared, walk.readerRoot))) {
                        if (policy == CompatibilityPolicy.STRICT) {
                            walk.report(CompatibilityRule.PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, at,
                                    reader() + " declares property '" + name + "' which the open content model of "
                                            + writer() + " allows with any value (strict policy)");
                        }
                        // lenient: an optional property added to an open content model
                    } else {
                        walk.compare(declared, writerSchema, at, depth + 1);
                    }
                }
                boolean matchedByPattern = false;
                for (Map.Entry<String, JsonNode> pattern : readerPatterns.entrySet()) {
                    if (matches(pattern.getKey(), name)) {
                        matchedByPattern = true;
                        if (declared == null || !writerOpenHere) {
                            walk.compare(pattern.getValue(), writerSchema,
                                    pointer + "/patternProperties/" + escape(pattern.getKey()), depth + 1);
                        }
                    }
                }
                if (declared == null && !matchedByPattern && readerRest != null && !evaluatedElsewhere.contains(name)) {
                    if (isFalse(readerRest)) {
                        walk.report(CompatibilityRule.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL, at,
                                writer() + " allows property '" + name + "' which the closed content model of "
                                        + reader() + " does not");
                    } else {
                        walk.compare(readerRest, writerSchema, pointer + "/" + readerRestKeyword, depth + 1);
                    }
                }
            }

            // names neither declares: reader patterns, then the reader's additional/unevaluated schema
            for (Map.Entry<String, JsonNode> pattern : readerPatterns.entrySet()) {
                String at = pointer + "/patternProperties/" + escape(pattern.getKey());
                JsonNode same = writerPatterns.get(pattern.getKey());
                if (same != null) {
                    walk.compare(pattern.getValue(), same, at, depth + 1);
                    continue;
                }
                for (Map.Entry<String, JsonNode> other : writerPatterns.entrySet()) {
                    if (mayOverlap(pattern.getKey(), other.getKey())) {
                        walk.compare(pattern.getValue(), other.getValue(), at, depth + 1);
                    }
                }
                walk.compare(pattern.getValue(), writerRest == null ? SchemaNodes.object() : writerRest, at, depth + 1);
            }
            if (readerRest != null && !(readerRest.isBoolean() && readerRest.booleanValue())) {
                String at = pointer + "/" + readerRestKeyword;
                List<JsonNode> writerOthers = new ArrayList<>();
                writerPatterns.forEach((pattern, schema) -> {
                    if (!readerPatterns.containsKey(pattern)) {
                        writerOthers.add(schema);
                    }
                });
                writerOthers.add(writerRest == null ? SchemaNodes.object() : writerRest);
                for (JsonNode writerSchema : writerOthers) {
                    JsonNode resolved = walk.normalizeWriter(walk.resolve(writerSchema, walk.writerRoot), depth);
                    if (isFalse(resolved)) {
                        continue;
                    }
                    if (isFalse(readerRest)) {
                        walk.report(CompatibilityRule.CONTENT_MODEL_CLOSED, at,
                                reader() + " forbids additional properties, " + writer() + " allows them");
                        break;
                    }
                    walk.compare(readerRest, writerSchema, at, depth + 1);
                }
            }

            required(r, w, pointer, readerProps);
            propertyNames(r, w, pointer, depth);
            dependentRequired(r, w, pointer, writerProps, writerPatterns, writerRest);
            dependentSchemas(r, w, pointer, depth, writerProps, writerPatterns, writerRest);
        }

        private void required(JsonNode r, JsonNode w, String pointer, JsonNode readerProps) {
            Set<String> writerRequired = strings(w.get("required"));
            for (String name : strings(r.get("required"))) {
                if (!writerRequired.contains(name) && !readerProps.path(name).has("default")) {
                    walk.report(CompatibilityRule.REQUIRED_PROPERTY_ADDED, pointer + "/required",
                            reader() + " requires property '" + name + "' (without a default) which "
                                    + writer() + " does not require");
                }
            }
        }

        private void propertyNames(JsonNode r, JsonNode w, String pointer, int depth) {
            JsonNode readerNames = r.get("propertyNames");
            if (readerNames == null) {
                return;
            }
            JsonNode writerNames = w.get("propertyNames");
            ObjectNode strings = SchemaNodes.object().put("type", "string");
            JsonNode writerSide = writerNames == null ? strings
                    : writerNames.isObject() ? SchemaNodes.intersection(strings,
                    walk.resolve(writerNames, walk.writerRoot)) : writerNames;
            walk.compare(readerNames, writerSide, pointer + "/propertyNames", depth + 1);
        }

        private void dependentRequired(JsonNode r, JsonNode w, String pointer, JsonNode writerProps,
                                       Map<String, JsonNode> writerPatterns, JsonNode writerRest) {
            Map<String, Set<String>> writerDependencies = new LinkedHashMap<>();
            for (String keyword : List.of("dependentRequired", "dependencies")) {
                w.path(keyword).properties().forEach(e -> {
                    if (e.getValue().isArray()) {
                        writerDependencies.computeIfAbsent(e.getKey(), k -> new HashSet<>()).addAll(strings(e.getValue()));
                    }
                });
            }
            Set<String> writerRequired = strings(w.get("required"));
            for (String keyword : List.of("dependentRequired", "dependencies")) {
                for (Map.Entry<String, JsonNode> e : r.path(keyword).properties()) {
                    if (!e.getValue().isArray()
                            || isFalse(writerSchemaFor(e.getKey(), writerProps, writerPatterns, writerRest))) {
                        continue;
                    }
                    Set<String> missing = new TreeSet<>(strings(e.getValue()));
                    missing.removeAll(writerDependencies.getOrDefault(e.getKey(), Set.of()));
                    missing.removeAll(writerRequired);
                    if (!missing.isEmpty()) {
                        walk.report(CompatibilityRule.DEPENDENT_REQUIRED_ADDED,
                                pointer + "/" + keyword + "/" + escape(e.getKey()),
                                reader() + " requires " + missing + " when '" + e.getKey() + "' is present, "
                                        + writer() + " does not");
                    }
                }
            }
        }

        private void dependentSchemas(JsonNode r, JsonNode w, String pointer, int depth, JsonNode writerProps,
                                      Map<String, JsonNode> writerPatterns, JsonNode writerRest) {
            JsonNode base = SchemaNodes.without(w, "dependentSchemas", "dependencies");
            for (String keyword : List.of("dependentSchemas", "dependencies")) {
                for (Map.Entry<String, JsonNode> e : r.path(keyword).properties()) {
                    String name = e.getKey();
                    if (e.getValue().isArray()
                            || isFalse(writerSchemaFor(name, writerProps, writerPatterns, writerRest))) {
                        continue;
                    }
                    String at = pointer + "/" + keyword + "/" + escape(name);
                    JsonNode writerDependent = writerDependentSchema(w, name);
                    JsonNode writerSide = base;
                    if (writerDependent != null) {
                        JsonNode resolved = walk.resolve(writerDependent, walk.writerRoot);
                        if (isFalse(resolved)) {
                            continue;
                        }
                        writerSide = resolved.isObject() ? SchemaNodes.intersection(base, resolved) : base;
                    }
                    Walk probe = walk.probe();
                    probe.compare(e.getValue(), writerSide, at, depth + 1);
                    if (!probe.found.isEmpty()) {
                        walk.report(CompatibilityRule.DEPENDENT_SCHEMA_NARROWED, at,
                                reader() + " applies a schema when '" + name + "' is present that " + writer()
                                        + "'s instances may not satisfy: " + probe.found.get(0).describe());
                    }
                }
            }
        }

        private JsonNode writerDependentSchema(JsonNode w, String name) {
            for (String keyword : List.of("dependentSchemas", "dependencies")) {
                JsonNode schema = w.path(keyword).get(name);
                if (schema != null && !schema.isArray()) {
                    return schema;
                }
            }
            return null;
        }

        /**
         * The writer's schema for property {@code name}; null where the writer's content model is
         * fully open for it (no declaration, no pattern, no additional/unevaluated schema).
         */
        private JsonNode writerSchemaFor(String name, JsonNode writerProps, Map<String, JsonNode> writerPatterns,
                                         JsonNode writerRest) {
            List<JsonNode> applicable = new ArrayList<>();
            if (writerProps.has(name)) {
                applicable.add(writerProps.get(name));
            }
            writerPatterns.forEach((pattern, schema) -> {
                if (matches(pattern, name)) {
                    applicable.add(schema);
                }
            });
            if (applicable.isEmpty()) {
                return writerRest == null || (writerRest.isBoolean() && writerRest.booleanValue()) ? null : writerRest;
            }
            if (applicable.size() == 1) {
                return applicable.get(0);
            }
            ObjectNode all = SchemaNodes.object();
            applicable.forEach(all.putArray("allOf")::add);
            return all;
        }

        private Map<String, JsonNode> patterns(JsonNode schema) {
            Map<String, JsonNode> result = new LinkedHashMap<>();
            schema.path("patternProperties").properties().forEach(e -> result.put(e.getKey(), e.getValue()));
            return result;
        }

        /** additionalProperties, else unevaluatedProperties (which then sees the same names), else none. */
        private String restKeyword(JsonNode schema) {
            if (schema.has("additionalProperties")) {
                return "additionalProperties";
            }
            return schema.has("unevaluatedProperties") ? "unevaluatedProperties" : null;
        }

        /** Property names declared by in-place subschemas; unevaluatedProperties does not apply to them. */
        private Set<String> namesInSubschemas(JsonNode schema) {
            Set<String> names = new HashSet<>();
            for (String keyword : List.of("allOf", "anyOf", "oneOf")) {
                for (JsonNode branch : schema.path(keyword).values()) {
                    JsonNode resolved = walk.resolve(branch, walk.readerRoot);
                    resolved.path("properties").propertyNames().forEach(names::add);
                    names.addAll(namesInSubschemas(resolved));
                }
            }
            return names;
        }

        private String reader() {
            return walk.reader;
        }

        private String writer() {
            return walk.writer;
        }
    }

    /** Position-by-position comparison of array keywords, tuples included. */
    private final class Arrays {
        private final Walk walk;

        Arrays(Walk walk) {
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
                    Walk inverse = walk.swapped();
                    inverse.compare(writerContains, readerContains, at, depth + 1);
                    bounded = inverse.found.isEmpty(); // every item the reader counts, the writer counts too
                }
                if (!bounded) {
                    walk.report(CompatibilityRule.MAX_CONTAINS_DECREASED, pointer + "/maxContains",
                            walk.reader + " allows at most " + readerMax.toPlainString() + " matching items, "
                                    + walk.writer + " more");
                }
            }
        }
    }

    private static boolean matches(String pattern, String name) {
        try {
            return Pattern.compile(pattern).matcher(name).find();
        } catch (PatternSyntaxException e) {
            return true; // cannot tell: assume it applies
        }
    }

    /** Two patterns anchored with different literal prefixes match no common name. */
    private static boolean mayOverlap(String a, String b) {
        String prefixA = literalPrefix(a);
        String prefixB = literalPrefix(b);
        return prefixA == null || prefixB == null || prefixA.startsWith(prefixB) || prefixB.startsWith(prefixA);
    }

    private static String literalPrefix(String pattern) {
        if (!pattern.startsWith("^")) {
            return null;
        }
        StringBuilder prefix = new StringBuilder();
        for (char c : pattern.substring(1).toCharArray()) {
            if ("\\.[]{}()*+?^$|".indexOf(c) >= 0) {
                break;
            }
            prefix.append(c);
        }
        return prefix.toString();
    }
}
