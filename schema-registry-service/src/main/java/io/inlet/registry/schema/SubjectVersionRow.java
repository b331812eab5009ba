package io.inlet.registry.schema;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** One version of a subject, pointing at its schema; {@code deleted} marks a soft delete. */
@Table("subject_version")
record SubjectVersionRow(@Id Long id, String subject, int version, long schemaId, boolean deleted) {
}
