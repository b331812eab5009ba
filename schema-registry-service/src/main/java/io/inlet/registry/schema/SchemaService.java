package io.inlet.registry.schema;

import io.inlet.contracts.EventType;
import io.inlet.registry.compat.CompatibilityChecker;
import io.inlet.registry.compat.CompatibilityChecker.PreviousVersion;
import io.inlet.registry.compat.CompatibilityLevel;
import io.inlet.registry.compat.CompatibilityPolicy;
import io.inlet.registry.compat.Incompatibility;
import io.inlet.registry.compat.IncompatibleSchemaException;
import io.inlet.registry.config.ConfigService;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry's use cases on subjects, versions and schemas, with Confluent's semantics:
 * global content-addressed ids, versions from 1 per subject, soft then permanent deletes.
 */
@Service
public class SchemaService {

    private static final Logger log = LoggerFactory.getLogger(SchemaService.class);

    private final JsonSchemaParser parser;
    private final SchemaContentRepository schemas;
    private final SubjectVersionRepository versions;
    private final SubjectLock subjectLock;
    private final ConfigService config;
    private final CompatibilityChecker checker;
    private final ApplicationEventPublisher events;

    public SchemaService(JsonSchemaParser parser, SchemaContentRepository schemas, SubjectVersionRepository versions,
                         SubjectLock subjectLock, ConfigService config, CompatibilityChecker checker,
                         ApplicationEventPublisher events) {
        this.parser = parser;
        this.schemas = schemas;
        this.versions = versions;
        this.subjectLock = subjectLock;
        this.config = config;
        this.checker = checker;
        this.events = events;
    }

    /**
     * Registers {@code text} under {@code subject}; an identical (canonically equal) live version
     * returns its id unchanged. Concurrent registrations of one subject are serialised.
     */
    @Transactional
    public RegisteredSchema register(EventType subject, SchemaType type, String text) {
        ParsedSchema parsed = parser.parse(type, text);
        subjectLock.lock(subject);
        List<SubjectVersionRow> live = live(subject);
        Optional<SchemaContent> existing = schemas.findByFingerprint(parsed.fingerprint());
        if (existing.isPresent()) {
            for (SubjectVersionRow row : live) {
                if (row.schemaId() == existing.get().id()) {
                    return toRegistered(row, existing.get());
                }
            }
        }
        List<Incompatibility> problems = checker.check(config.effective(subject), config.effectivePolicy(subject),
                parser.forComparison(parsed.tree()), previous(live));
        if (!problems.isEmpty()) {
            throw new IncompatibleSchemaException(subject.name(), problems);
        }
        schemas.insertIfAbsent(parsed.type().name(), parsed.fingerprint(), parsed.canonical());
        SchemaContent content = schemas.findByFingerprint(parsed.fingerprint()).orElseThrow();
        int version = versions.maxVersion(subject.name()) + 1;
        SubjectVersionRow row = versions.save(
                new SubjectVersionRow(null, subject.name(), version, content.id(), false));
        log.info("Registered subject {} version {} as schema id {}", subject, version, content.id());
        return toRegistered(row, content);
    }

    /** The live version of {@code subject} whose schema equals {@code text} canonically. */
    @Transactional(readOnly = true)
    public RegisteredSchema lookup(EventType subject, SchemaType type, String text, boolean includeDeleted) {
        ParsedSchema parsed = parser.parse(type, text);
        List<SubjectVersionRow> rows = rows(subject, includeDeleted);
        SchemaContent content = schemas.findByFingerprint(parsed.fingerprint())
                .orElseThrow(SchemaNotFoundException::new);
        return rows.stream()
                .filter(row -> row.schemaId() == content.id())
                .reduce((first, second) -> second)
                .map(row -> toRegistered(row, content))
                .orElseThrow(SchemaNotFoundException::new);
    }

    @Transactional(readOnly = true)
    public List<String> subjects(boolean includeDeleted) {
        return versions.subjects(includeDeleted);
    }

    @Transactional(readOnly = true)
    public List<Integer> versions(EventType subject, boolean includeDeleted) {
        return rows(subject, includeDeleted).stream().map(SubjectVersionRow::version).toList();
    }

    @Transactional(readOnly = true)
    public RegisteredSchema version(EventType subject, VersionRef ref, boolean includeDeleted) {
        SubjectVersionRow row = row(subject, ref, includeDeleted);
        return toRegistered(row, schemas.findById(row.schemaId()).orElseThrow());
    }

    @Transactional(readOnly = true)
    public StoredSchema schemaById(long id) {
        SchemaContent content = schemas.findById(id).orElseThrow(() -> new SchemaNotFoundException(id));
        if (versions.findBySchemaIdOrderBySubjectAscVersionAsc(id).isEmpty()) {
            throw new SchemaNotFoundException(id); // every version using it was permanently deleted
        }
        return new StoredSchema(id, SchemaType.valueOf(content.schemaType()), content.canonical());
    }

    @Transactional(readOnly = true)
    public List<SubjectVersion> subjectVersionsOf(long id, boolean includeDeleted) {
        List<SubjectVersionRow> rows = versions.findBySchemaIdOrderBySubjectAscVersionAsc(id);
        if (rows.isEmpty()) {
            throw new SchemaNotFoundException(id);
        }
        return rows.stream()
                .filter(row -> includeDeleted || !row.deleted())
                .map(row -> new SubjectVersion(row.subject(), row.version()))
                .toList();
    }

    /**
     * Checks {@code text} against one version of the subject (or, with {@code null}, against
     * every version the subject's level asks for) without registering it.
     */
    @Transactional(readOnly = true)
    public List<Incompatibility> checkCompatibility(EventType subject, SchemaType type, String text, VersionRef ref) {
        ParsedSchema parsed = parser.parse(type, text);
        CompatibilityLevel level = config.effective(subject);
        CompatibilityPolicy policy = config.effectivePolicy(subject);
        if (ref == null) {
            return checker.check(level, policy, parser.forComparison(parsed.tree()), previous(live(subject)));
        }
        SubjectVersionRow row = row(subject, ref, false);
        return checker.check(level, policy, parser.forComparison(parsed.tree()), previous(List.of(row)));
    }

    /** Soft-deletes every live version, or (permanent) removes a subject whose versions are all soft-deleted. */
    @Transactional
    public List<Integer> deleteSubject(EventType subject, boolean permanent) {
        subjectLock.lock(subject);
        List<SubjectVersionRow> all = versions.findBySubjectOrderByVersion(subject.name());
        if (all.isEmpty()) {
            throw new SubjectNotFoundException(subject.name());
        }
        List<SubjectVersionRow> live = all.stream().filter(row -> !row.deleted()).toList();
        if (permanent) {
            if (!live.isEmpty()) {
                throw new SubjectNotSoftDeletedException(subject.name());
            }
            all.forEach(row -> versions.hardDelete(subject.name(), row.version()));
            config.forgetSubject(subject);
            events.publishEvent(new SubjectPermanentlyDeleted(subject));
            log.info("Permanently deleted subject {}", subject);
            return all.stream().map(SubjectVersionRow::version).toList();
        }
        if (live.isEmpty()) {
            throw new SubjectSoftDeletedException(subject.name());
        }
        live.forEach(row -> versions.softDelete(subject.name(), row.version()));
        log.info("Soft-deleted subject {}", subject);
        return live.stream().map(SubjectVersionRow::version).toList();
    }

    /** Soft-deletes one version, or (permanent) removes a soft-deleted one. */
    @Transactional
    public int deleteVersion(EventType subject, VersionRef ref, boolean permanent) {
        subjectLock.lock(subject);
        List<SubjectVersionRow> all = versions.findBySubjectOrderByVersion(subject.name());
        if (all.isEmpty()) {
            throw new SubjectNotFoundException(subject.name());
        }
        SubjectVersionRow row = select(all, ref, permanent);
        if (permanent) {
            if (!row.deleted()) {
                throw new VersionNotSoftDeletedException(subject.name(), row.version());
            }
            versions.hardDelete(subject.name(), row.version());
        } else {
            if (row.deleted()) {
                throw new VersionSoftDeletedException(subject.name(), row.version());
            }
            versions.softDelete(subject.name(), row.version());
        }
        log.info("{} subject {} version {}", permanent ? "Permanently deleted" : "Soft-deleted", subject, row.version());
        return row.version();
    }

    private List<SubjectVersionRow> live(EventType subject) {
        return versions.findBySubjectOrderByVersion(subject.name()).stream().filter(row -> !row.deleted()).toList();
    }

    /** The subject's versions; none visible means the subject is not found. */
    private List<SubjectVersionRow> rows(EventType subject, boolean includeDeleted) {
        List<SubjectVersionRow> rows = versions.findBySubjectOrderByVersion(subject.name()).stream()
                .filter(row -> includeDeleted || !row.deleted())
                .toList();
        if (rows.isEmpty()) {
            throw new SubjectNotFoundException(subject.name());
        }
        return rows;
    }

    private SubjectVersionRow row(EventType subject, VersionRef ref, boolean includeDeleted) {
        return select(rows(subject, includeDeleted), ref, includeDeleted);
    }

    private static SubjectVersionRow select(List<SubjectVersionRow> rows, VersionRef ref, boolean includeDeleted) {
        if (ref.latest()) {
            return rows.stream()
                    .filter(row -> includeDeleted || !row.deleted())
                    .reduce((first, second) -> second)
                    .orElseThrow(() -> new VersionNotFoundException(-1));
        }
        return rows.stream()
                .filter(row -> row.version() == ref.number())
                .findFirst()
                .orElseThrow(() -> new VersionNotFoundException(ref.number()));
    }

    private List<PreviousVersion> previous(List<SubjectVersionRow> rows) {
        return rows.stream()
                .map(row -> new PreviousVersion(row.version(), parser.forComparison(
                        parser.readStored(schemas.findById(row.schemaId()).orElseThrow().canonical()))))
                .toList();
    }

    private static RegisteredSchema toRegistered(SubjectVersionRow row, SchemaContent content) {
        return new RegisteredSchema(row.subject(), row.version(), content.id(),
                SchemaType.valueOf(content.schemaType()), content.canonical());
    }
}
