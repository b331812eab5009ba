package io.inlet.registry.pipeline;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

@Repository
class PipelineRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    PipelineRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StoredPipeline> find(String subject) {
        return jdbc.sql("select subject, revision, steps::text as steps from subject_pipeline where subject = :subject")
                .param("subject", subject)
                .query((rs, n) -> new StoredPipeline(rs.getString("subject"), rs.getLong("revision"),
                        (ArrayNode) JSON.readTree(rs.getString("steps"))))
                .optional();
    }

    /** Revision {@code revision} of the subject's pipeline, as it was stored (every revision is kept). */
    Optional<StoredPipeline> findRevision(String subject, long revision) {
        return jdbc.sql("select subject, revision, steps::text as steps from subject_pipeline_revision"
                        + " where subject = :subject and revision = :revision")
                .param("subject", subject)
                .param("revision", revision)
                .query((rs, n) -> new StoredPipeline(rs.getString("subject"), rs.getLong("revision"),
                        (ArrayNode) JSON.readTree(rs.getString("steps"))))
                .optional();
    }

    /** Locks the subject's row until the transaction ends; the current revision, 0 if none. */
    long lockRevision(String subject) {
        jdbc.sql("insert into subject_pipeline (subject, revision, steps) values (:subject, 0, '[]'::jsonb)"
                        + " on conflict (subject) do nothing")
                .param("subject", subject)
                .update();
        return jdbc.sql("select revision from subject_pipeline where subject = :subject for update")
                .param("subject", subject)
                .query(Long.class)
                .single();
    }

    void delete(String subject) {
        jdbc.sql("delete from subject_pipeline where subject = :subject").param("subject", subject).update();
        jdbc.sql("delete from subject_pipeline_revision where subject = :subject").param("subject", subject).update();
    }

    void store(String subject, long revision, ArrayNode steps) {
        jdbc.sql("update subject_pipeline set revision = :revision, steps = cast(:steps as jsonb), updated_at = now()"
                        + " where subject = :subject")
                .param("subject", subject)
                .param("revision", revision)
                .param("steps", steps.toString())
                .update();
        jdbc.sql("insert into subject_pipeline_revision (subject, revision, steps)"
                        + " values (:subject, :revision, cast(:steps as jsonb))")
                .param("subject", subject)
                .param("revision", revision)
                .param("steps", steps.toString())
                .update();
    }
}
