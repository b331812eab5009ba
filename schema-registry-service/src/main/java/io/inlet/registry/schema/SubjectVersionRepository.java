package io.inlet.registry.schema;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface SubjectVersionRepository extends ListCrudRepository<SubjectVersionRow, Long> {

    List<SubjectVersionRow> findBySubjectOrderByVersion(String subject);

    Optional<SubjectVersionRow> findBySubjectAndVersion(String subject, int version);

    List<SubjectVersionRow> findBySchemaIdOrderBySubjectAscVersionAsc(long schemaId);

    @Query("select distinct subject from subject_version where deleted = false or :includeDeleted order by subject")
    List<String> subjects(boolean includeDeleted);

    @Query("select coalesce(max(version), 0) from subject_version where subject = :subject")
    int maxVersion(String subject);

    @Modifying
    @Query("update subject_version set deleted = true where subject = :subject and version = :version")
    int softDelete(String subject, int version);

    @Modifying
    @Query("delete from subject_version where subject = :subject and version = :version")
    int hardDelete(String subject, int version);
}
