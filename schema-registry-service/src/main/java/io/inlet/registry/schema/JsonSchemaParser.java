package io.inlet.registry.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import io.inlet.contracts.JsonSchemaDialects;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns submitted schema text into a {@link ParsedSchema}: parses it, checks it against its
 * draft's meta-schema (the one {@code $schema} names, else the configured default, draft-07 as
 * Confluent) and computes its canonical form (keys sorted, no insignificant whitespace) so that
 * formatting differences do not create new versions.
 */
@Component
public class JsonSchemaParser {

    /** Larger schemas are rejected; an event type schema of this size is a mistake. */
    public static final int MAX_SCHEMA_CHARS = 1_000_000;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final Map<JsonDialect, Schema> metaSchemas = new EnumMap<>(JsonDialect.class);
    private final JsonDialect defaultDialect;
    private final SchemaRegistry validators;

    /** With the default dialect of {@link JsonSchemaDialects#DEFAULT}. */
    public JsonSchemaParser() {
        this(JsonDialect.of(JsonSchemaDialects.DEFAULT).orElseThrow());
    }

    @Autowired
    public JsonSchemaParser(JsonSchemaProperties properties) {
        this(properties.dialect());
    }

    public JsonSchemaParser(JsonDialect defaultDialect) {
        this.defaultDialect = defaultDialect;
        this.validators = ValidatorRegistry.of(defaultDialect);
        for (JsonDialect dialect : JsonDialect.values()) {
            metaSchemas.put(dialect, validators.getSchema(SchemaLocation.of(dialect.metaSchemaId())));
        }
    }

    public ParsedSchema parse(SchemaType type, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSchemaException("Invalid schema: empty");
        }
        if (text.length() > MAX_SCHEMA_CHARS) {
            throw new InvalidSchemaException("Invalid schema: larger than " + MAX_SCHEMA_CHARS + " characters");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidSchemaException("Invalid schema: not JSON (" + e.getOriginalMessage() + ")");
        }
        if (tree == null || !(tree.isObject() || tree.isBoolean())) {
            throw new InvalidSchemaException("Invalid schema: a JSON Schema must be an object or a boolean");
        }
        JsonDialect dialect = dialectOf(tree);
        List<Error> errors = metaSchemas.get(dialect).validate(tree);
        if (!errors.isEmpty()) {
            throw new InvalidSchemaException("Invalid schema: " + errors.stream().limit(10)
                    .map(e -> pointer(e) + " " + e.getMessage()).collect(Collectors.joining("; ")));
        }
        rejectRemoteReferences(tree, "");
        InPlaceCycles.find(tree).ifPresent(at -> {
            throw new InvalidSchemaException("Invalid schema: " + at + " refers back to itself through $ref"
                    + " without descending into the instance, so validating anything would never end");
        });
        try {
            validators.getSchema(SchemaLocation.of(JsonSchemaDialects.BASE_IRI), tree)
                    .validate(JsonNodeFactory.instance.nullNode());
        } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
            throw new InvalidSchemaException("Invalid schema: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new InvalidSchemaException("Invalid schema: its references nest too deeply to be evaluated");
        }
        String canonical = MAPPER.writeValueAsString(canonicalTree(tree));
        return new ParsedSchema(type, dialect, tree, canonical, fingerprint(type, canonical));
    }

    /** Parses stored canonical text again (trusted: it passed {@link #parse} when registered). */
    public JsonNode readStored(String canonical) {
        return MAPPER.readTree(canonical);
    }

    /** The schema as its dialect reads it: keywords the dialect ignores removed (see {@link DialectKeywords}). */
    public JsonNode forComparison(JsonNode tree) {
        return DialectKeywords.effective(tree, dialectOf(tree));
    }

    /**
     * Only document-local references ({@code #/$defs/...}) are allowed: resolving a remote one
     * would make the registry fetch arbitrary URLs, and Confluent-style schema references are
     * not supported.
     */
    private static void rejectRemoteReferences(JsonNode node, String pointer) {
        if (node.isObject()) {
            for (String keyword : List.of("$ref", "$dynamicRef", "$recursiveRef")) {
                JsonNode ref = node.get(keyword);
                if (ref != null && ref.isString() && !ref.stringValue().startsWith("#")) {
                    throw new InvalidSchemaException("Invalid schema: " + pointer + "/" + keyword
                            + " is not a local reference; only references within the schema (\"#/$defs/...\")"
                            + " are supported");
                }
            }
            node.properties().forEach(e -> rejectRemoteReferences(e.getValue(),
                    pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1")));
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode item : node.values()) {
                rejectRemoteReferences(item, pointer + "/" + i++);
            }
        }
    }

    /** The dialect {@code $schema} names, else the default. */
    public JsonDialect dialectOf(JsonNode tree) {
        JsonNode declared = tree.isObject() ? tree.get("$schema") : null;
        if (declared == null) {
            return defaultDialect;
        }
        if (!declared.isString()) {
            throw new InvalidSchemaException("Invalid schema: $schema must be a string");
        }
        return JsonDialect.of(declared.stringValue()).orElseThrow(() -> new InvalidSchemaException(
                "Invalid schema: unsupported $schema; use one of " + java.util.Arrays.stream(JsonDialect.values())
                        .map(JsonDialect::metaSchemaId).collect(Collectors.joining(", "))));
    }

    private static String pointer(Error error) {
        String location = String.valueOf(error.getInstanceLocation());
        return location.isEmpty() ? "(root)" : location;
    }

    static JsonNode canonicalTree(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            Map<String, JsonNode> byName = new TreeMap<>();
            node.properties().forEach(e -> byName.put(e.getKey(), e.getValue()));
            byName.forEach((name, value) -> sorted.set(name, canonicalTree(value)));
            return sorted;
        }
        if (node.isArray()) {
            var array = JsonNodeFactory.instance.arrayNode();
            node.values().forEach(v -> array.add(canonicalTree(v)));
            return array;
        }
        return node;
    }

    private static String fingerprint(SchemaType type, String canonical) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(type.name().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
