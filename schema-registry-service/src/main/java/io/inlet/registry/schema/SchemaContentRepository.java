package io.inlet.registry.schema;

import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface SchemaContentRepository extends Repository<SchemaContent, Long> {

    Optional<SchemaContent> findById(Long id);

    Optional<SchemaContent> findByFingerprint(String fingerprint);

    /** Content addressing: concurrent inserts of the same schema (even for other subjects) keep one row. */
    @Modifying
    @Query("insert into schema_content (schema_type, fingerprint, canonical) values (:schemaType, :fingerprint, :canonical)"
            + " on conflict (fingerprint) do nothing")
    int insertIfAbsent(String schemaType, String fingerprint, String canonical);
}
