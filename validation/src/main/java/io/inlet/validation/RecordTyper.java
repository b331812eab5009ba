package io.inlet.validation;

import io.inlet.contracts.time.Rfc3339;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a valid event into the typed record of its schema version, walking the schema beside the
 * event. The rules (the contract of {@code inlet.valid.<type>} bodies):
 * <ul>
 *   <li>{@code "type": "integer"} → a JSON integer within 64 bits ({@code 2.0} becomes {@code 2});</li>
 *   <li>{@code "type": "number"} → a 64-bit floating point number;</li>
 *   <li>{@code "format": "date-time"} → UTC with exactly six fractional digits,
 *       {@code 2026-11-24T08:16:40.500000Z} (finer precision is truncated to microseconds);</li>
 *   <li>a property that is absent but has a {@code default} gets the default (typed too);</li>
 *   <li>everything else ({@code date} stays {@code YYYY-MM-DD}, strings, booleans, nulls, properties
 *       not in the schema) is kept as sent; absent optional properties stay absent.</li>
 * </ul>
 * {@code properties}, {@code additionalProperties}, {@code items}, {@code prefixItems}, {@code allOf}
 * and local {@code $ref}s are followed; values under {@code anyOf}/{@code oneOf} are kept as sent.
 */
public final class RecordTyper {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final JsonNode root;
    private final Map<JsonNode, Shape> shapes = new IdentityHashMap<>();
    private final Shape rootShape;

    private RecordTyper(JsonNode root) {
        this.root = root;
        this.rootShape = shape(root, 0);
    }

    public static RecordTyper compile(JsonNode schema) {
        return new RecordTyper(schema);
    }

    /** The typed copy of a valid event; the input is not changed. */
    public JsonNode type(JsonNode event) {
        return typeInPlace(event.deepCopy());
    }

    /** Types a valid event in place (for a caller that has no further use of the event as sent): no copy. */
    public JsonNode typeInPlace(JsonNode event) {
        return rootShape.apply(event, Pointer.ROOT);
    }

    /**
     * Where a value sits in the event, turned into a JSON pointer only when typing fails: building every pointer
     * eagerly was a string per property per event.
     */
    private record Pointer(Pointer parent, String name, int index) {
        static final Pointer ROOT = new Pointer(null, null, -1);

        Pointer property(String property) {
            return new Pointer(this, property, -1);
        }

        Pointer item(int i) {
            return new Pointer(this, null, i);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "";
            }
            return parent + "/" + (name != null ? escape(name) : Integer.toString(index));
        }
    }

    private Shape shape(JsonNode schema, int depth) {
        if (schema == null || !schema.isObject() || depth > 64) {
            return Shape.ANY;
        }
        // by identity; a sub-schema met again (a $ref cycle) reuses its shape, filled in below
        Shape known = shapes.get(schema);
        if (known != null) {
            return known;
        }
        Shape shape = new Shape();
        shapes.put(schema, shape);
        JsonNode ref = schema.get("$ref");
        if (ref != null && ref.isString() && ref.stringValue().startsWith("#")) {
            JsonNode target = root.at(ref.stringValue().substring(1));
            if (!target.isMissingNode()) {
                shape.all.add(shape(target, depth + 1));
            }
        }
        JsonNode type = schema.get("type");
        if (type != null && type.isString()) {
            shape.types.add(type.stringValue());
        } else if (type != null && type.isArray()) {
            type.values().forEach(t -> shape.types.add(t.asString()));
        }
        JsonNode format = schema.get("format");
        shape.dateTime = format != null && format.isString() && format.stringValue().equals("date-time");
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            properties.properties().forEach(p -> {
                shape.properties.put(p.getKey(), shape(p.getValue(), depth + 1));
                JsonNode defaultValue = p.getValue().isObject() ? p.getValue().get("default") : null;
                if (defaultValue != null) {
                    shape.defaults.put(p.getKey(), defaultValue);
                }
            });
        }
        JsonNode additional = schema.get("additionalProperties");
        shape.additional = additional != null && additional.isObject() ? shape(additional, depth + 1) : null;
        JsonNode items = schema.get("items");
        if (items != null && items.isObject()) {
            shape.items = shape(items, depth + 1);
        } else if (items != null && items.isArray()) {
            items.values().forEach(i -> shape.prefixItems.add(shape(i, depth + 1)));  // draft-07 tuple form
        }
        JsonNode prefixItems = schema.get("prefixItems");
        if (prefixItems != null && prefixItems.isArray()) {
            prefixItems.values().forEach(i -> shape.prefixItems.add(shape(i, depth + 1)));
        }
        JsonNode allOf = schema.get("allOf");
        if (allOf != null && allOf.isArray()) {
            allOf.values().forEach(s -> shape.all.add(shape(s, depth + 1)));
        }
        return shape;
    }

    /** What the typer knows about one sub-schema. */
    private static final class Shape {
        static final Shape ANY = new Shape();

        final Set<String> types = new java.util.HashSet<>();
        boolean dateTime;
        final Map<String, Shape> properties = new LinkedHashMap<>();
        final Map<String, JsonNode> defaults = new LinkedHashMap<>();
        Shape additional;
        Shape items;
        final List<Shape> prefixItems = new ArrayList<>();
        final List<Shape> all = new ArrayList<>();

        JsonNode apply(JsonNode value, Pointer pointer) {
            JsonNode typed = applyOwn(value, pointer);
            for (Shape member : all) {
                typed = member.apply(typed, pointer);
            }
            return typed;
        }

        private JsonNode applyOwn(JsonNode value, Pointer pointer) {
            if (value.isObject()) {
                ObjectNode object = (ObjectNode) value;
                for (Map.Entry<String, Shape> property : properties.entrySet()) {
                    JsonNode current = object.get(property.getKey());
                    if (current == null && defaults.containsKey(property.getKey())) {
                        current = defaults.get(property.getKey()).deepCopy();
                    }
                    if (current != null) {
                        JsonNode typed = property.getValue().apply(current, pointer.property(property.getKey()));
                        if (typed != current || defaults.containsKey(property.getKey())) {
                            object.set(property.getKey(), typed);
                        }
                    }
                }
                if (additional != null) {
                    for (String name : new ArrayList<>(object.propertyNames())) {
                        if (!properties.containsKey(name)) {
                            object.set(name, additional.apply(object.get(name), pointer.property(name)));
                        }
                    }
                }
                return object;
            }
            if (value.isArray()) {
                ArrayNode array = (ArrayNode) value;
                for (int i = 0; i < array.size(); i++) {
                    Shape shape = i < prefixItems.size() ? prefixItems.get(i) : items;
                    if (shape != null) {
                        array.set(i, shape.apply(array.get(i), pointer.item(i)));
                    }
                }
                return array;
            }
            if (value.isNumber()) {
                return number(value, pointer);
            }
            if (value.isString() && dateTime) {
                String text = value.stringValue();
                String typed = timestamp(text, pointer);
                return typed.equals(text) ? value : JsonNodeFactory.instance.stringNode(typed);
            }
            return value;
        }

        private JsonNode number(JsonNode value, Pointer pointer) {
            if (types.contains("integer") && value.isIntegralNumber() && value.canConvertToLong()) {
                // int and long nodes are already what the contract asks; others (BigInteger) become a long
                return value.isInt() || value.isLong() ? value : JsonNodeFactory.instance.numberNode(value.longValue());
            }
            boolean integral = value.isIntegralNumber() || isWhole(value.decimalValue());
            if (types.contains("integer") && integral) {
                BigInteger exact = value.isIntegralNumber() ? value.bigIntegerValue()
                        : value.decimalValue().toBigIntegerExact();
                if (exact.compareTo(LONG_MIN) < 0 || exact.compareTo(LONG_MAX) > 0) {
                    throw new TypingException(pointer.toString(), "type", "integer " + exact + " does not fit in 64 bits");
                }
                return JsonNodeFactory.instance.numberNode(exact.longValue());
            }
            if (types.contains("number")) {
                double number = value.doubleValue();
                if (Double.isInfinite(number)) {
                    throw new TypingException(pointer.toString(), "type", "number " + value + " does not fit in a 64-bit float");
                }
                return JsonNodeFactory.instance.numberNode(number);
            }
            return value;
        }

        private static boolean isWhole(BigDecimal decimal) {
            return decimal.signum() == 0 || decimal.scale() <= 0 || decimal.stripTrailingZeros().scale() <= 0;
        }
    }

    /** The date-time in the canonical form every later stage reads ({@link Rfc3339#canonicalUtc}). */
    static String timestamp(String text, Pointer pointer) {
        try {
            return Rfc3339.canonicalUtc(text);
        } catch (DateTimeException e) {
            throw new TypingException(pointer.toString(), "format", "'" + text + "' is a valid RFC 3339 date-time but cannot be "
                    + "represented as a timestamp (" + e.getMessage() + ")");
        }
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
