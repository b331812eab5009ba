package io.inlet.registry.compat;

import static io.inlet.registry.compat.SchemaNodes.acceptsEverything;
import static io.inlet.registry.compat.SchemaNodes.isFalse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One reader-against-writer comparison: resolves local {@code $ref}s, normalises the writer
 * ({@code allOf} merged, {@code anyOf}/{@code oneOf}/type unions split into alternatives), applies
 * the reader's combinators and hands the keywords of each JSON type to {@link ValueRules},
 * {@link ObjectRules} and {@link ArrayRules}. Side walks ({@link #probe()}, {@link #swapped()})
 * decide sub-questions without reporting.
 */
final class SchemaWalk {

    /** Keywords compared only for equality; the checker does not reason about their semantics. */
    private static final List<String> UNANALYSED = List.of("if", "then", "else", "unevaluatedItems",
            "contentEncoding", "contentMediaType", "contentSchema");

    private static final int MAX_DEPTH = 64;
    /** Bounds the work on pathological schemas (combinators nested in combinators). */
    private static final int MAX_COMPARISONS = 200_000;

    /** Where a writer alternative came from: branch {@code index} of the writer's {@code keyword}. */
    private record Origin(String keyword, int index, List<JsonNode> branches) {
    }

    final JsonNode readerRoot;
    final JsonNode writerRoot;
    final String reader;
    final String writer;
    final CompatibilityPolicy policy;
    private final Set<String> visitedRefs;
    private final int[] comparisons;
    private final List<Incompatibility> found = new ArrayList<>();

    SchemaWalk(JsonNode readerRoot, JsonNode writerRoot, String reader, String writer, CompatibilityPolicy policy,
               Set<String> visitedRefs, int[] comparisons) {
        this.readerRoot = readerRoot;
        this.writerRoot = writerRoot;
        this.reader = reader;
        this.writer = writer;
        this.policy = policy;
        this.visitedRefs = visitedRefs;
        this.comparisons = comparisons;
    }

    /** Everything found so far. */
    List<Incompatibility> found() {
        return found;
    }

    /** A side walk whose findings decide, rather than report. */
    SchemaWalk probe() {
        return new SchemaWalk(readerRoot, writerRoot, reader, writer, policy, new HashSet<>(visitedRefs), comparisons);
    }

    /** A side walk with the roles swapped: the writer's subschema reads the reader's. */
    SchemaWalk swapped() {
        return new SchemaWalk(writerRoot, readerRoot, writer, reader, policy, new HashSet<>(), comparisons);
    }

    boolean accepts(JsonNode readerSchema, JsonNode writerSchema, String pointer, int depth) {
        SchemaWalk probe = probe();
        probe.compare(readerSchema, writerSchema, pointer, depth);
        return probe.found().isEmpty();
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
        ValueRules values = new ValueRules(this);
        Set<String> writerTypes = SchemaNodes.types(w);
        values.types(r, writerTypes, pointer);
        values.enums(r, w, pointer);
        if (writerTypes.contains("number") || writerTypes.contains("integer")) {
            values.lowerBound(r, w, pointer);
            values.upperBound(r, w, pointer);
            values.multipleOf(r, w, pointer);
        }
        if (writerTypes.contains("string")) {
            values.lowerBound(r, w, pointer, "minLength", CompatibilityRule.MIN_LENGTH_INCREASED);
            values.upperBound(r, w, pointer, "maxLength", CompatibilityRule.MAX_LENGTH_DECREASED);
            values.sameWhenPresent(r, w, pointer, "pattern", CompatibilityRule.PATTERN_CHANGED);
        }
        values.sameWhenPresent(r, w, pointer, "format", CompatibilityRule.FORMAT_CHANGED);
        if (writerTypes.contains("array")) {
            values.lowerBound(r, w, pointer, "minItems", CompatibilityRule.MIN_ITEMS_INCREASED);
            values.upperBound(r, w, pointer, "maxItems", CompatibilityRule.MAX_ITEMS_DECREASED);
            values.uniqueItems(r, w, pointer);
            new ArrayRules(this).compare(r, w, pointer, depth);
        }
        if (writerTypes.contains("object")) {
            values.lowerBound(r, w, pointer, "minProperties", CompatibilityRule.MIN_PROPERTIES_INCREASED);
            values.upperBound(r, w, pointer, "maxProperties", CompatibilityRule.MAX_PROPERTIES_DECREASED);
            new ObjectRules(this).compare(r, w, pointer, depth);
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
    JsonNode normalizeWriter(JsonNode w, int depth) {
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
        if (sameOneOf(origin, list)) {
            return; // the writer's own oneOf already makes its instances match one of these branches only
        }
        for (int j = 0; j < list.size(); j++) {
            boolean exclusiveByWriter = sameOneOf(origin, List.of(list.get(j), list.get(accepting)));
            if (j != accepting && !exclusiveByWriter && !Disjointness.disjoint(w, n -> resolve(n, writerRoot),
                    list.get(j), n -> resolve(n, readerRoot))) {
                report(CompatibilityRule.ONE_OF_BRANCHES_OVERLAP, pointer + "/oneOf/" + j,
                        "instances of " + label + " match oneOf branch " + accepting + " of " + reader
                                + " and may match branch " + j + " too, which oneOf rejects");
            }
        }
    }

    /**
     * The writer alternative is a branch of the writer's oneOf and every one of {@code branches} is
     * literally one of the writer's too, so the writer already makes them exclusive. A branch with a
     * local {@code $ref} is the same only if the definitions it reaches are the same in both documents.
     */
    private boolean sameOneOf(Origin origin, List<JsonNode> branches) {
        return origin != null && origin.keyword().equals("oneOf") && origin.branches().containsAll(branches)
                && branches.stream().allMatch(b -> refsAgree(b, new HashSet<>()));
    }

    private boolean refsAgree(JsonNode node, Set<String> checked) {
        if (node.isObject()) {
            for (String keyword : List.of("$ref", "$dynamicRef", "$recursiveRef")) {
                JsonNode ref = node.get(keyword);
                if (ref != null) {
                    String target = ref.asString();
                    if (!target.startsWith("#")) {
                        return false;
                    }
                    if (checked.add(target)) {
                        JsonNode inReader = target.equals("#") ? readerRoot : readerRoot.at(target.substring(1));
                        JsonNode inWriter = target.equals("#") ? writerRoot : writerRoot.at(target.substring(1));
                        if (!inReader.equals(inWriter) || !refsAgree(inReader, checked)) {
                            return false;
                        }
                    }
                }
            }
        }
        if (node.isObject() || node.isArray()) {
            for (JsonNode value : node.values()) {
                if (!refsAgree(value, checked)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void not(JsonNode r, JsonNode w, String pointer, int depth) {
        JsonNode excluded = r.get("not");
        if (excluded == null) {
            return;
        }
        JsonNode writerExcluded = w.get("not");
        if (writerExcluded != null) {
            SchemaWalk inverse = swapped();
            inverse.compare(writerExcluded, excluded, pointer + "/not", depth + 1);
            if (inverse.found().isEmpty()) {
                return; // the writer already excludes at least what the reader excludes
            }
        }
        if (Disjointness.disjoint(w, n -> resolve(n, writerRoot), excluded, n -> resolve(n, readerRoot))) {
            return;
        }
        report(CompatibilityRule.NOT_EXTENDED, pointer + "/not",
                reader + " excludes with 'not' instances that " + writer + " accepts");
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
