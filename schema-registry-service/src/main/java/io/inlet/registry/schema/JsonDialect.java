package io.inlet.registry.schema;

import com.networknt.schema.SpecificationVersion;
import java.util.Optional;

/**
 * The JSON Schema drafts accepted for registration, named by {@code $schema}; a schema without
 * one is read with the configured default ({@code inlet.json-schema.default-dialect}, draft-07).
 */
public enum JsonDialect {
    DRAFT_04(SpecificationVersion.DRAFT_4),
    DRAFT_06(SpecificationVersion.DRAFT_6),
    DRAFT_07(SpecificationVersion.DRAFT_7),
    DRAFT_2019_09(SpecificationVersion.DRAFT_2019_09),
    DRAFT_2020_12(SpecificationVersion.DRAFT_2020_12);

    private final SpecificationVersion specification;

    JsonDialect(SpecificationVersion specification) {
        this.specification = specification;
    }

    public SpecificationVersion specification() {
        return specification;
    }

    public String metaSchemaId() {
        return specification.getDialectId();
    }

    /** The dialect named by a {@code $schema} value; http/https and a trailing '#' are tolerated. */
    public static Optional<JsonDialect> of(String schemaKeyword) {
        String normalized = normalize(schemaKeyword);
        for (JsonDialect dialect : values()) {
            if (normalize(dialect.metaSchemaId()).equals(normalized)) {
                return Optional.of(dialect);
            }
        }
        return Optional.empty();
    }

    private static String normalize(String uri) {
        String normalized = uri.trim();
        if (normalized.endsWith("#")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return normalized.replaceFirst("^https?://", "");
    }
}
