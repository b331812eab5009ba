package io.inlet.registry.pipeline;

import io.inlet.contracts.EventType;
import io.inlet.registry.compat.CompatibilityChecker;
import io.inlet.registry.compat.Incompatibility;
import io.inlet.registry.config.ConfigService;
import io.inlet.registry.schema.SchemaService;
import io.inlet.registry.schema.SubjectPermanentlyDeleted;
import io.inlet.registry.schema.VersionRef;
import io.inlet.transforms.PipelineStep;
import io.inlet.transforms.PipelineSteps;
import java.util.List;
import java.util.Optional;
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
 * as a whole (atomically, under a row lock) by each change, each change a new revision. A {@code sql} step is
 * compiled against the subject's latest live schema version; its output row type (a JSON Schema) is stored with
 * the revision, and a new statement's output is checked against the previous statement's like a new schema
 * version against the last one, under the subject's compatibility level and policy.
 */
@Service
public class PipelineService {

    private static final Logger log = LoggerFactory.getLogger(PipelineService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PipelineRepository repository;
    private final SchemaService schemas;
    private final ConfigService config;
    private final CompatibilityChecker checker;

    PipelineService(PipelineRepository repository, SchemaService schemas, ConfigService config,
            CompatibilityChecker checker) {
        this.repository = repository;
        this.schemas = schemas;
        this.config = config;
        this.checker = checker;
    }

    @Transactional(readOnly = true)
    public StoredPipeline get(EventType subject) {
        requireSubject(subject);
        return repository.find(subject.name())
                .orElseGet(() -> new StoredPipeline(subject.name(), 0, JSON.createArrayNode()));
    }

    /**
     * Revision {@code revision} of the subject's pipeline as it was declared (revision 0: no steps); throws
     * {@link PipelineRevisionNotFoundException} for a revision the subject never had.
     */
    @Transactional(readOnly = true)
    public StoredPipeline revision(EventType subject, long revision) {
        requireSubject(subject);
        if (revision == 0) {
            return new StoredPipeline(subject.name(), 0, JSON.createArrayNode());
        }
        return repository.findRevision(subject.name(), revision)
                .orElseThrow(() -> new PipelineRevisionNotFoundException(subject.name(), revision));
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
        if (parsed.stream().anyMatch(PipelineStep.Sql.class::isInstance)) {
            String latest = schemas.version(subject, VersionRef.LATEST, false).schema();
            parsed = PipelineSteps.typed(parsed, JSON.readTree(latest));
        }
        ArrayNode canonical = PipelineSteps.toJson(parsed);
        return store(subject, canonical, expectedRevision, outputOf(canonical));
    }

    /** Removes every step (a new revision with none). */
    @Transactional
    public StoredPipeline clear(EventType subject, Long expectedRevision) {
        requireSubject(subject);
        return store(subject, JSON.createArrayNode(), expectedRevision, Optional.empty());
    }

    private StoredPipeline store(EventType subject, ArrayNode steps, Long expected, Optional<JsonNode> output) {
        long current = repository.lockRevision(subject.name());
        if (expected != null && expected != current) {
            throw new RevisionMismatchException(subject.name(), expected, current);
        }
        Optional<JsonNode> previous = repository.find(subject.name()).flatMap(p -> outputOf(p.steps()));
        if (output.isPresent() && previous.isPresent()) {
            List<Incompatibility> incompatibilities = checker.check(config.effective(subject),
                    config.effectivePolicy(subject), output.get(),
                    List.of(new CompatibilityChecker.PreviousVersion((int) Math.min(current, Integer.MAX_VALUE),
                            previous.get())));
            if (!incompatibilities.isEmpty()) {
                throw new IncompatibleOutputException(subject.name(), current, incompatibilities);
            }
        }
        long revision = current + 1;
        repository.store(subject.name(), revision, steps);
        log.info("Pipeline of subject {} is now revision {} with {} step(s)", subject, revision, steps.size());
        return new StoredPipeline(subject.name(), revision, steps);
    }

    /** The output schema of the pipeline's sql step, if it has one. */
    private static Optional<JsonNode> outputOf(ArrayNode steps) {
        for (JsonNode step : steps) {
            if ("sql".equals(step.path("type").asString("")) && step.path("output").isObject()) {
                return Optional.of(step.get("output"));
            }
        }
        return Optional.empty();
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
