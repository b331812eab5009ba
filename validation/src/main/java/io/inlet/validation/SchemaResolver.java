package io.inlet.validation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.inlet.contracts.EventType;
import io.inlet.registryclient.RegistryClient;
import io.inlet.registryclient.RegistryClientException;
import io.inlet.registryclient.RegistrySchema;
import java.util.Optional;

/**
 * The schema to apply to an event: the pinned version, else the latest, through the registry
 * client's cache; compiled once per schema id.
 *
 * <p>{@link Optional#empty()} means the registry answered that no such subject or version exists
 * (the event goes to the error lake). A registry that cannot be reached while nothing is cached
 * throws {@link RegistryClientException}: the delivery is nak'ed and retried with backoff, the
 * event waits for the registry.
 */
public class SchemaResolver {

    private final RegistryClient registry;
    private final SchemaCompiler compiler;
    private final Cache<Long, CompiledSchema> compiled;

    public SchemaResolver(RegistryClient registry, SchemaCompiler compiler, long maximumSize) {
        this.registry = registry;
        this.compiler = compiler;
        this.compiled = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    public Optional<CompiledSchema> resolve(EventType type, Integer pinnedVersion) {
        RegistrySchema schema;
        try {
            schema = pinnedVersion == null ? registry.latest(type.name()) : registry.schema(type.name(), pinnedVersion);
        } catch (RegistryClientException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            // the binder logs the root cause's message: make this one say what is waiting for what
            SchemaUnavailableException unavailable = new SchemaUnavailableException("schema of '" + type + "' ("
                    + (pinnedVersion == null ? "latest" : "version " + pinnedVersion) + ") is not cached and the "
                    + "registry did not answer: " + describe(e));
            unavailable.addSuppressed(e);
            throw unavailable;
        }
        CompiledSchema known = compiled.get(schema.id(), id -> compiler.compile(schema));
        // One schema id may serve several subjects and versions; report the ones asked for.
        if (known.version() == schema.version() && type.name().equals(known.subject())) {
            return Optional.of(known);
        }
        return Optional.of(new CompiledSchema(known.id(), type.name(), schema.version(), known.validator(),
                known.typer()));
    }

    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(text.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName())
                    .append(t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        return text.toString();
    }

    /** The registry could not be asked for a schema that is not cached; the event must wait, not fail. */
    public static class SchemaUnavailableException extends RuntimeException {
        public SchemaUnavailableException(String message) {
            super(message);
        }
    }
}
