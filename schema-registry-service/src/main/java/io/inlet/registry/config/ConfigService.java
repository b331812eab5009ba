package io.inlet.registry.config;

import io.inlet.contracts.EventType;
import io.inlet.registry.compat.CompatibilityLevel;
import io.inlet.registry.compat.CompatibilityPolicy;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Compatibility levels and policies: a global one and optional per-subject overrides (subject
 * wins), each stored independently.
 */
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

    public static CompatibilityPolicy parsePolicy(String value) {
        return CompatibilityPolicy.parse(value).orElseThrow(() -> new InvalidCompatibilityPolicyException(value));
    }

    @Transactional(readOnly = true)
    public CompatibilityLevel global() {
        return stored(GLOBAL_SCOPE).orElse(properties.defaultLevel());
    }

    /** Sets the global level, and the policy unless {@code policy} is null. */
    @Transactional
    public CompatibilityLevel setGlobal(CompatibilityLevel level, CompatibilityPolicy policy) {
        repository.upsert(GLOBAL_SCOPE, level.name(), policy == null ? null : policy.name());
        return level;
    }

    @Transactional
    public void setGlobalPolicy(CompatibilityPolicy policy) {
        repository.upsertPolicy(GLOBAL_SCOPE, policy.name());
    }

    @Transactional(readOnly = true)
    public CompatibilityPolicy globalPolicy() {
        return storedPolicy(GLOBAL_SCOPE).orElse(properties.defaultPolicy());
    }

    /** The policy stored for the global scope, if any. */
    @Transactional(readOnly = true)
    public Optional<CompatibilityPolicy> storedGlobalPolicy() {
        return storedPolicy(GLOBAL_SCOPE);
    }

    @Transactional(readOnly = true)
    public Optional<CompatibilityPolicy> subjectPolicy(EventType subject) {
        return storedPolicy(subject.name());
    }

    /** The subject's own policy, else the global one. */
    @Transactional(readOnly = true)
    public CompatibilityPolicy effectivePolicy(EventType subject) {
        return subjectPolicy(subject).orElseGet(this::globalPolicy);
    }

    @Transactional
    public void setSubjectPolicy(EventType subject, CompatibilityPolicy policy) {
        repository.upsertPolicy(subject.name(), policy.name());
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

    /** Sets the subject's level, and its policy unless {@code policy} is null. */
    @Transactional
    public CompatibilityLevel setSubject(EventType subject, CompatibilityLevel level, CompatibilityPolicy policy) {
        repository.upsert(subject.name(), level.name(), policy == null ? null : policy.name());
        return level;
    }

    /** Removes the subject's own level and policy; returns the level (the level in force if only a policy was set). */
    @Transactional
    public CompatibilityLevel deleteSubject(EventType subject) {
        Optional<CompatibilityLevel> level = subjectLevel(subject);
        if (level.isEmpty() && subjectPolicy(subject).isEmpty()) {
            throw new SubjectConfigNotFoundException(subject.name());
        }
        repository.deleteByScope(subject.name());
        return level.orElseGet(this::global);
    }

    /** Drops the subject's own level if any (a permanently deleted subject starts afresh). */
    @Transactional
    public void forgetSubject(EventType subject) {
        repository.deleteByScope(subject.name());
    }

    private Optional<CompatibilityLevel> stored(String scope) {
        return repository.findById(scope).flatMap(row -> CompatibilityLevel.parse(row.level()));
    }

    private Optional<CompatibilityPolicy> storedPolicy(String scope) {
        return repository.findById(scope).flatMap(row -> CompatibilityPolicy.parse(row.policy()));
    }
}
