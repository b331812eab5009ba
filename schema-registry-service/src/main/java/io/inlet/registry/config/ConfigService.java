package io.inlet.registry.config;

import io.inlet.contracts.EventType;
import io.inlet.registry.compat.CompatibilityLevel;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Compatibility levels: a global one and optional per-subject overrides (subject wins). */
@Service
public class ConfigService {

    /** Cannot clash with a subject: event types start with a letter. */
    static final String GLOBAL_SCOPE = "__global__";

    private final CompatibilityConfigRepository repository;
    private final CompatibilityProperties properties;

    public ConfigService(CompatibilityConfigRepository repository, CompatibilityProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    public static CompatibilityLevel parseLevel(String value) {
        return CompatibilityLevel.parse(value).orElseThrow(() -> new InvalidCompatibilityLevelException(value));
    }

    @Transactional(readOnly = true)
    public CompatibilityLevel global() {
        return stored(GLOBAL_SCOPE).orElse(properties.defaultLevel());
    }

    @Transactional
    public CompatibilityLevel setGlobal(CompatibilityLevel level) {
        repository.upsert(GLOBAL_SCOPE, level.name());
        return level;
    }

    /** Back to the configured default; returns the level that was in force. */
    @Transactional
    public CompatibilityLevel resetGlobal() {
        CompatibilityLevel previous = global();
        repository.deleteByScope(GLOBAL_SCOPE);
        return previous;
    }

    @Transactional(readOnly = true)
    public Optional<CompatibilityLevel> subjectLevel(EventType subject) {
        return stored(subject.name());
    }

    /** The subject's own level, else the global one. */
    @Transactional(readOnly = true)
    public CompatibilityLevel effective(EventType subject) {
        return subjectLevel(subject).orElseGet(this::global);
    }

    @Transactional
    public CompatibilityLevel setSubject(EventType subject, CompatibilityLevel level) {
        repository.upsert(subject.name(), level.name());
        return level;
    }

    /** Removes the subject's own level; returns it. */
    @Transactional
    public CompatibilityLevel deleteSubject(EventType subject) {
        CompatibilityLevel previous = subjectLevel(subject)
                .orElseThrow(() -> new SubjectConfigNotFoundException(subject.name()));
        repository.deleteByScope(subject.name());
        return previous;
    }

    /** Drops the subject's own level if any (a permanently deleted subject starts afresh). */
    @Transactional
    public void forgetSubject(EventType subject) {
        repository.deleteByScope(subject.name());
    }

    private Optional<CompatibilityLevel> stored(String scope) {
        return repository.findById(scope).flatMap(row -> CompatibilityLevel.parse(row.level()));
    }
}
