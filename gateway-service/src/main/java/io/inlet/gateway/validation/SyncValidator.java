package io.inlet.gateway.validation;

import io.inlet.contracts.EventType;
import io.inlet.validation.CompiledSchema;
import io.inlet.validation.EventValidator;
import io.inlet.validation.SchemaResolver;
import io.inlet.validation.SchemaResolver.SchemaUnavailableException;
import io.inlet.validation.Validation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the events of a request as the pipeline's schema applier will ({@link EventValidator}: decode, schema,
 * every violation, typing), against the schema the registry client serves now. Changes nothing about where the
 * events go.
 */
public class SyncValidator {

    /** One event to check: its place in the request, id, type, pinned version (or null) and exact bytes. */
    public record Candidate(int index, String id, EventType type, Integer pinnedVersion, byte[] payload) {
    }

    static final String NO_REGISTRY = "no schema registry is configured for the gateway (inlet.registry.url)";

    private final SchemaResolver schemas;

    public SyncValidator(SchemaResolver schemas) {
        this.schemas = schemas;
    }

    /** A gateway without a registry: every event is {@code unchecked}. */
    static SyncValidator withoutRegistry() {
        return new SyncValidator(null);
    }

    public List<EventValidation> validate(List<Candidate> events) {
        Map<String, Resolved> resolved = new HashMap<>();
        return events.stream().map(event -> validate(event, resolved.computeIfAbsent(
                event.type() + "@" + event.pinnedVersion(), key -> resolve(event.type(), event.pinnedVersion()))))
                .toList();
    }

    private EventValidation validate(Candidate event, Resolved resolved) {
        if (resolved.unavailable() != null) {
            return new EventValidation(event.index(), event.id(), event.type().name(), EventValidation.UNCHECKED,
                    event.pinnedVersion(), null, resolved.unavailable(), List.of());
        }
        Validation result = EventValidator.validate(event.payload(), event.type(), event.pinnedVersion(),
                resolved.schema());
        Integer version = resolved.schema().map(CompiledSchema::version).orElse(null);
        return result.passed()
                ? new EventValidation(event.index(), event.id(), event.type().name(), EventValidation.PASSED, version,
                        null, null, List.of())
                : new EventValidation(event.index(), event.id(), event.type().name(), EventValidation.FAILED, version,
                        result.stage(), result.reason(), result.violations());
    }

    private Resolved resolve(EventType type, Integer pinnedVersion) {
        if (schemas == null) {
            return new Resolved(Optional.empty(), NO_REGISTRY);
        }
        try {
            return new Resolved(schemas.resolve(type, pinnedVersion), null);
        } catch (SchemaUnavailableException e) {
            return new Resolved(Optional.empty(), e.getMessage());
        } catch (RuntimeException e) {
            // e.g. a registered schema that is not JSON Schema: the pipeline cannot apply it either
            return new Resolved(Optional.empty(), "the schema of '" + type + "' could not be compiled: "
                    + e.getMessage());
        }
    }

    private record Resolved(Optional<CompiledSchema> schema, String unavailable) {
    }
}
