package io.inlet.registry.compat;

/**
 * The rules of {@link JsonSchemaCompatibility}. Each one names a way in which a <em>reader</em>
 * schema can reject an event that a <em>writer</em> schema accepts. BACKWARD checks the new schema
 * as reader of the previous version; FORWARD the previous version as reader of the new one.
 */
public enum CompatibilityRule {
    /** The reader allows fewer JSON types ({@code integer} is accepted where {@code number} is). */
    TYPE_NARROWED("type"),
    /** A property is required by the reader, not by the writer, and has no {@code default}. */
    REQUIRED_PROPERTY_ADDED("required"),
    /** A value of the writer's {@code enum}/{@code const} is missing from the reader's. */
    ENUM_VALUE_REMOVED("enum"),
    /** The reader restricts values by {@code enum}/{@code const} where the writer did not. */
    ENUM_ADDED("enum"),
    MINIMUM_INCREASED("minimum"),
    EXCLUSIVE_MINIMUM_INCREASED("exclusiveMinimum"),
    MAXIMUM_DECREASED("maximum"),
    EXCLUSIVE_MAXIMUM_DECREASED("exclusiveMaximum"),
    MIN_LENGTH_INCREASED("minLength"),
    MAX_LENGTH_DECREASED("maxLength"),
    MIN_ITEMS_INCREASED("minItems"),
    MAX_ITEMS_DECREASED("maxItems"),
    MIN_PROPERTIES_INCREASED("minProperties"),
    MAX_PROPERTIES_DECREASED("maxProperties"),
    /** The reader's {@code multipleOf} does not divide the writer's. */
    MULTIPLE_OF_CHANGED("multipleOf"),
    /** The reader adds or changes a {@code pattern}; regex inclusion is not decided, so any change counts. */
    PATTERN_CHANGED("pattern"),
    /** The reader adds or changes a {@code format} (formats are assertions in Inlet). */
    FORMAT_CHANGED("format"),
    /** The reader requires unique items where the writer did not. */
    UNIQUE_ITEMS_ADDED("uniqueItems"),
    /**
     * The reader forbids additional properties or items ({@code additionalProperties},
     * {@code unevaluatedProperties}, {@code additionalItems}, {@code items: false}) the writer allowed.
     */
    CONTENT_MODEL_CLOSED("additionalProperties"),
    /** The writer declares a property the reader's closed content model does not allow. */
    PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL("properties"),
    /**
     * Strict policy only: the reader declares a property with a constraining schema where the
     * writer's content model is fully open, so earlier data may hold any value under that name.
     */
    PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL("properties"),
    /** The reader constrains a tuple position the writer left open ({@code additionalItems} absent or true). */
    ITEM_ADDED_TO_OPEN_CONTENT_MODEL("items"),
    /** The reader is the {@code false} schema where the writer accepts instances. */
    SCHEMA_REJECTS_ALL("false"),
    /** A writer alternative (the writer, or one of its {@code anyOf}/{@code oneOf} branches) is accepted by no reader branch. */
    COMBINATION_BRANCH_REMOVED("anyOf"),
    /** A writer instance may match more than one branch of the reader's {@code oneOf}, which then rejects it. */
    ONE_OF_BRANCHES_OVERLAP("oneOf"),
    /** Strict policy only (as Confluent): an {@code anyOf} became a {@code oneOf}. */
    COMBINED_TYPE_CHANGED("oneOf"),
    /** The reader's {@code not} excludes instances the writer accepts. */
    NOT_EXTENDED("not"),
    /** The reader requires, when a property is present, other properties the writer does not. */
    DEPENDENT_REQUIRED_ADDED("dependentRequired"),
    /** The reader applies, when a property is present, a schema the writer's instances may not satisfy. */
    DEPENDENT_SCHEMA_NARROWED("dependentSchemas"),
    /** The reader requires items matching {@code contains} where the writer does not guarantee them. */
    CONTAINS_ADDED("contains"),
    /** The reader's {@code contains} accepts not every item the writer's {@code contains} counts. */
    CONTAINS_NARROWED("contains"),
    MIN_CONTAINS_INCREASED("minContains"),
    MAX_CONTAINS_DECREASED("maxContains"),
    /**
     * A keyword this checker does not analyse ({@code if}/{@code then}/{@code else},
     * {@code unevaluatedItems}, {@code content*}, remote {@code $ref}) differs: treated as incompatible.
     */
    UNANALYSED_KEYWORD_CHANGED("");

    private final String keyword;

    CompatibilityRule(String keyword) {
        this.keyword = keyword;
    }

    /** The JSON Schema keyword the rule is about, as used in messages. */
    public String keyword() {
        return keyword;
    }
}
