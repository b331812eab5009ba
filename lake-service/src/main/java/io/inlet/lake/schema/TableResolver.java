package io.inlet.lake.schema;

import io.inlet.columns.JsonSchemaMapper;
import io.inlet.columns.UnsupportedSchemaException;
import io.inlet.contracts.EventType;
import io.inlet.lake.transform.StatementOutputs;
import io.inlet.registryclient.RegistryClient;
import io.inlet.registryclient.RegistryClientException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which table an event of a given schema version goes to, and with which columns.
 *
 * <p>Compatible versions share a table: version N joins the table of the version before it when N's columns can
 * read everything the earlier version wrote (same columns with the same types, possibly more). Otherwise (the
 * registry allowed an incompatible change, e.g. under compatibility NONE) version N starts a new table, named
 * {@code <eventType>@v<N>}; the first table of an event type is named after the event type alone. Files of one
 * table are written with the newest columns among their rows, so readers merge them by name.
 *
 * <p>When the event type's pipeline is one sql step, the columns are its output row type (the same for every
 * version) of the pipeline revision that made the frame, see {@link StatementOutputs}; each pipeline revision is
 * resolved anew.
 */
public final class TableResolver {

    /** The table of one (event type, schema version). */
    public record TableSpec(EventType eventType, String tableName, int firstVersion, int version,
                            TableSchema schema) {
    }

    private final RegistryClient registry;
    private final StatementOutputs outputs;
    private final Map<String, Mapped> schemas = new ConcurrentHashMap<>();
    private final Map<String, TableSpec> specs = new ConcurrentHashMap<>();

    public TableResolver(RegistryClient registry) {
        this.registry = registry;
        this.outputs = new StatementOutputs(registry);
    }

    /**
     * @throws RegistryClientException     when the registry cannot answer (not found: {@link
     *                                     RegistryClientException#notFound()})
     * @throws UnsupportedSchemaException when the version's schema cannot be mapped to columns
     */
    public TableSpec resolve(EventType type, int version) {
        return resolve(type, version, (Long) null);
    }

    /**
     * The table of events of {@code version} that pipeline revision {@code pipelineRevision} made ({@code null}:
     * the frame does not say, the current revision's).
     */
    public TableSpec resolve(EventType type, int version, Long pipelineRevision) {
        return resolve(type, version, (pipelineRevision == null ? outputs.current(type)
                : outputs.of(type, pipelineRevision)).orElse(null));
    }

    private TableSpec resolve(EventType type, int version, StatementOutputs.Output output) {
        String key = key(type, version, output);
        TableSpec spec = specs.get(key);
        if (spec != null) {
            return spec;
        }
        TableSchema schema = schema(type, version, output).orElseThrow(() -> new RegistryClientException(
                "schema " + type + " version " + version + " not found", 404, 40402, null));
        int previous = previousVersion(type, version, output);
        TableSpec resolved;
        if (previous == 0) {
            resolved = new TableSpec(type, type.name(), version, version, schema);
        } else {
            Optional<TableSchema> earlier = schemaOrUnsupported(type, previous, output);
            if (earlier.isPresent() && schema.root().canRead(earlier.get().root())) {
                TableSpec table = resolve(type, previous, output);
                resolved = new TableSpec(type, table.tableName(), table.firstVersion(), version, schema);
            } else {
                resolved = new TableSpec(type, type.name() + "@v" + version, version, version, schema);
            }
        }
        specs.put(key, resolved);
        return resolved;
    }

    /** The highest existing version below {@code version}, 0 when there is none. */
    private int previousVersion(EventType type, int version, StatementOutputs.Output output) {
        for (int v = version - 1; v >= 1; v--) {
            try {
                mapped(type, v, output);
                return v;
            } catch (RegistryClientException e) {
                if (!e.notFound()) {
                    throw e;
                }
            }
        }
        return 0;
    }

    /** Empty when the version's schema cannot be mapped (it then starts nothing a later version could join). */
    private Optional<TableSchema> schemaOrUnsupported(EventType type, int version, StatementOutputs.Output output) {
        return Optional.ofNullable(mapped(type, version, output).schema());
    }

    private Optional<TableSchema> schema(EventType type, int version, StatementOutputs.Output output) {
        Mapped mapped = mapped(type, version, output);
        if (mapped.schema() == null) {
            throw new UnsupportedSchemaException(mapped.problem());
        }
        return Optional.of(mapped.schema());
    }

    /** A version's columns, or why it has none; registry failures are thrown and not cached. */
    private Mapped mapped(EventType type, int version, StatementOutputs.Output output) {
        String key = key(type, version, output);
        Mapped cached = schemas.get(key);
        if (cached != null) {
            return cached;
        }
        // the version must exist even when a statement's output gives the columns
        String text = registry.schema(type.name(), version).schema();
        if (output != null) {
            text = output.schema();
        }
        Mapped mapped;
        try {
            mapped = new Mapped(TableSchema.forEvents(JsonSchemaMapper.map(text)), null);
        } catch (UnsupportedSchemaException e) {
            mapped = new Mapped(null, "schema " + type + " version " + version + ": " + e.getMessage());
        } catch (RuntimeException e) {
            mapped = new Mapped(null, "schema " + type + " version " + version + " is not readable JSON: "
                    + e.getMessage());
        }
        schemas.put(key, mapped);
        return mapped;
    }

    private static String key(EventType type, int version, StatementOutputs.Output output) {
        return type.name() + "#" + version + (output == null ? "" : "@r" + output.revision());
    }

    private record Mapped(TableSchema schema, String problem) {
    }
}
