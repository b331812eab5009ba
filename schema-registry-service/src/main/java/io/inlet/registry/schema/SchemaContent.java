package io.inlet.registry.schema;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A distinct schema: its global id, type and canonical text. */
@Table("schema_content")
record SchemaContent(@Id Long id, String schemaType, String fingerprint, String canonical) {
}
