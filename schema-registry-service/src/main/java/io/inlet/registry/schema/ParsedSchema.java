package io.inlet.registry.schema;

import tools.jackson.databind.JsonNode;

/**
 * A schema that passed validation: its tree, its canonical text (object keys sorted, no
 * whitespace) and the fingerprint of type + canonical text that identifies it globally.
 */
public record ParsedSchema(SchemaType type, JsonDialect dialect, JsonNode tree, String canonical,
                           String fingerprint) {
}
