package io.inlet.registry.compat;

/**
 * One reason two schemas are incompatible: the rule, the JSON pointer into the schema where it
 * applies, a human explanation, and which check found it (e.g. {@code BACKWARD against version 2}).
 */
public record Incompatibility(CompatibilityRule rule, String pointer, String detail, String context) {

    Incompatibility within(String newContext) {
        return new Incompatibility(rule, pointer, detail, newContext);
    }

    /** E.g. {@code BACKWARD against version 1: TYPE_NARROWED at /properties/age/type: ...}. */
    public String describe() {
        String where = pointer.isEmpty() ? "(root)" : pointer;
        return (context == null || context.isEmpty() ? "" : context + ": ")
                + rule + " at " + where + ": " + detail;
    }

    @Override
    public String toString() {
        return describe();
    }
}
