package io.inlet.registry.pipeline;

import io.inlet.contracts.EventType;
import io.inlet.registry.schema.SchemaService;
import io.inlet.registry.schema.SubjectPermanentlyDeleted;
import io.inlet.transforms.PipelineStep;
import io.inlet.transforms.PipelineSteps;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Pipeline steps per subject: declared only for a subject that has a live schema version, replaced
 * as a whole (atomically, under a row lock) by each change, each change a new revision.
 */
@Service
public class PipelineService {

    private static final Logger log = LoggerFactory.getLogger(PipelineService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PipelineRepository repository;
    private final SchemaService schemas;

    PipelineService(PipelineRepository repository, SchemaService schemas) {
        this.repository = repository;
        this.schemas = schemas;
    }

    @Transactional(readOnly = true)
    public StoredPipeline get(EventType subject) {
        requireSubject(subject);
        return repository.find(subject.name())
                .orElseGet(() -> new StoredPipeline(subject.name(), 0, JSON.createArrayNode()));
    }

    /**
     * Validates and stores {@code steps} (a JSON array) as the subject's whole pipeline.
     *
     * @param expectedRevision from {@code If-Match}, or {@code null} for an unconditional replace
     */
    @Transactional
    public StoredPipeline replace(EventType subject, JsonNode steps, Long expectedRevision) {
        List<PipelineStep> parsed = PipelineSteps.parse(steps);
        requireSubject(subject);
        return store(subject, PipelineSteps.toJson(parsed), expectedRevision);
    }

    /** Removes every step (a new revision with none). */
    @Transactional
    public StoredPipeline clear(EventType subject, Long expectedRevision) {
        requireSubject(subject);
        return store(subject, JSON.createArrayNode(), expectedRevision);
    }

    private StoredPipeline store(EventType subject, ArrayNode steps, Long expected) {
        long current = repository.lockRevision(subject.name());
        if (expected != null && expected != current) {
            throw new RevisionMismatchException(subject.name(), expected, current);
        }
        long revision = current + 1;
        repository.store(subject.name(), revision, steps);
        log.info("Pipeline of subject {} is now revision {} with {} step(s)", subject, revision, steps.size());
        return new StoredPipeline(subject.name(), revision, steps);
    }

    /** A permanently deleted subject takes its steps with it (a soft-deleted one keeps them). */
    @EventListener
    void forget(SubjectPermanentlyDeleted deleted) {
        repository.delete(deleted.subject().name());
    }

    /** Throws SubjectNotFoundException (40401) unless the subject has a live version. */
    private void requireSubject(EventType subject) {
        schemas.versions(subject, false);
    }
}
