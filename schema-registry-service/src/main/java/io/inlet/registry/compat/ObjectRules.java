package io.inlet.registry.compat;

import static io.inlet.registry.compat.SchemaNodes.acceptsEverything;
import static io.inlet.registry.compat.SchemaNodes.escape;
import static io.inlet.registry.compat.SchemaNodes.isFalse;
import static io.inlet.registry.compat.SchemaNodes.strings;

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
import tools.jackson.databind.node.ObjectNode;

/**
 * Object keywords, property name by property name: {@code properties}, {@code patternProperties},
 * {@code additionalProperties}/{@code unevaluatedProperties}, {@code required},
 * {@code propertyNames}, {@code dependencies}/{@code dependentRequired}/{@code dependentSchemas}.
 */
final class ObjectRules {

    private final SchemaWalk walk;

    ObjectRules(SchemaWalk walk) {
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
                    if (walk.policy == CompatibilityPolicy.STRICT) {
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
                SchemaWalk probe = walk.probe();
                probe.compare(e.getValue(), writerSide, at, depth + 1);
                if (!probe.found().isEmpty()) {
                    walk.report(CompatibilityRule.DEPENDENT_SCHEMA_NARROWED, at,
                            reader() + " applies a schema when '" + name + "' is present that " + writer()
                                    + "'s instances may not satisfy: " + probe.found().get(0).describe());
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
