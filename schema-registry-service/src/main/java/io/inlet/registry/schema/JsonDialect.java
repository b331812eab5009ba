package io.inlet.registry.schema;

import com.networknt.schema.SpecificationVersion;
import java.util.Optional;

/** The JSON Schema drafts accepted for registration; a schema without {@code $schema} is 2020-12. */
public enum JsonDialect {
    DRAFT_2020_12(SpecificationVersion.DRAFT_2020_12, "https://json-schema.org/draft/2020-12/schema"),
    DRAFT_07(SpecificationVersion.DRAFT_7, "http://json-schema.org/draft-07/schema");

    private final SpecificationVersion specification;
    private final String metaSchemaId;

    JsonDialect(SpecificationVersion specification, String metaSchemaId) {
        this.specification = specification;
        this.metaSchemaId = metaSchemaId;
    }

    public SpecificationVersion specification() {
        return specification;
    }

    public String metaSchemaId() {
        return metaSchemaId;
    }

    /** The dialect named by a {@code $schema} value; http/https and a trailing '#' are tolerated. */
    public static Optional<JsonDialect> of(String schemaKeyword) {
        String normalized = schemaKeyword.trim();
        if (normalized.endsWith("#")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        normalized = normalized.replaceFirst("^https?://", "");
        for (JsonDialect dialect : values()) {
            if (dialect.metaSchemaId.replaceFirst("^https?://", "").equals(normalized)) {
                return Optional.of(dialect);
            }
        }
        return Optional.empty();
    }
}
