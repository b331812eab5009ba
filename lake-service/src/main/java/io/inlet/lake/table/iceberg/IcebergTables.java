package io.inlet.lake.table.iceberg;

import io.inlet.lake.buffer.BufferKey;
import io.inlet.lake.buffer.Lake;
import io.inlet.lake.commit.CommittedFile;
import io.inlet.lake.commit.FileCommit;
import io.inlet.lake.config.LakeProperties;
import io.inlet.lake.partition.Partition;
import io.inlet.lake.schema.TableSchema;
import io.inlet.lake.table.PlannedFile;
import io.inlet.lake.table.TableFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.UpdatePartitionSpec;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.parquet.schema.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Apache Iceberg tables: one per table of the lake ({@code <eventType>}, or {@code <eventType>@v<N>} after an
 * incompatible schema version) in {@code inlet.lake.iceberg.namespace}, the error lake's in
 * {@code error-namespace}, at {@code s3://<bucket>/<namespace>/<table>}, partitioned by the hour (or day) of
 * {@code _inlet_received_at}. The lake's own Parquet writer writes the data files, with the table's field ids.
 *
 * <p>Exactly once: the commit log decides which events a file holds; then {@link #register} appends the file in a
 * snapshot whose summary names the file's commit-log id ({@value #FILE_IDS}). Before appending it walks the
 * snapshots committed since the file's commit and appends only when none names the file, all under a PostgreSQL
 * advisory lock on the table, so neither a retry after a crash (the janitor publishes what a dead process left)
 * nor two lake instances append a file twice, and no committed file is left out.
 */
public final class IcebergTables implements TableFormat {

    /** Snapshot summary property: the commit-log ids of the files the snapshot added, comma-separated. */
    public static final String FILE_IDS = "inlet.lake-file-ids";
    /** Snapshot summary property: the commit-log ids of the files a compaction replaced. */
    public static final String REPLACED_FILE_IDS = "inlet.replaced-lake-file-ids";
    /** How far before a file's commit snapshots are searched for it: clocks of hosts and PostgreSQL may differ. */
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(IcebergTables.class);

    private final Catalog catalog;
    private final Namespace dataNamespace;
    private final Namespace errorNamespace;
    private final LakeProperties.Iceberg.PartitionBy partitionBy;
    private final Function<Lake, String> buckets;
    private final Function<String, String> configuredSources;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public IcebergTables(Catalog catalog, LakeProperties.Iceberg settings, Function<Lake, String> buckets,
                         JdbcTemplate jdbc, TransactionTemplate transactions) {
        this(catalog, settings, buckets, type -> TableSchema.RECEIVED_AT, jdbc, transactions);
    }

    /**
     * @param configuredSources per event type the partition source column configured for its data-lake tables
     *                          ({@code inlet.lake.partitioning.*}); the error lake's are by received-at
     */
    public IcebergTables(Catalog catalog, LakeProperties.Iceberg settings, Function<Lake, String> buckets,
                         Function<String, String> configuredSources, JdbcTemplate jdbc,
                         TransactionTemplate transactions) {
        this.catalog = catalog;
        this.configuredSources = configuredSources;
        this.dataNamespace = Namespace.of(settings.namespace());
        this.errorNamespace = Namespace.of(settings.errorNamespace());
        this.partitionBy = settings.partitionBy();
        this.buckets = buckets;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public String name() {
        return "iceberg";
    }

    public TableIdentifier identifier(Lake lake, String table) {
        return TableIdentifier.of(lake == Lake.DATA ? dataNamespace : errorNamespace, table);
    }

    @Override
    public PlannedFile plan(BufferKey key, TableSchema columns, String fileName) {
        TableIdentifier id = identifier(key.lake(), key.table());
        MessageType fileSchema = locked(id, () -> {
            Table table = loadOrCreate(id, key.lake(), columns.messageType(), key.partition().source());
            MessageType withIds = IcebergSchemas.withIds(columns.messageType(), table.schema()).orElseGet(() -> {
                table.updateSchema().unionByNameWith(IcebergSchemas.of(columns.messageType())).commit();
                log.info("Iceberg table {} evolved: columns added for schema versions of {}", id, key.eventType());
                return IcebergSchemas.withIds(columns.messageType(), table.schema()).orElseThrow(
                        () -> new IllegalStateException("table " + id + " still lacks columns after evolving"));
            });
            evolveSpec(table, id, key);
            return withIds;
        });
        Table table = catalog.loadTable(id);
        PartitionSpec spec = specFor(table, key.partition());
        String partitionPath = spec.isUnpartitioned() ? "" : spec.partitionToPath(partition(spec, key.partition())) + "/";
        return new PlannedFile(key.lake() == Lake.DATA ? dataNamespace + "/" + key.table() + "/data/" + partitionPath
                + fileName : errorNamespace + "/" + key.table() + "/data/" + partitionPath + fileName, fileSchema);
    }

    @Override
    public void register(CommittedFile committed) {
        FileCommit file = committed.file();
        TableIdentifier id = identifier(file.lake(), file.table());
        locked(id, () -> {
            Table table = catalog.loadTable(id);
            if (appended(table, committed)) {
                log.info("File {} is in Iceberg table {} already", committed.id(), id);
                return null;
            }
            table.newFastAppend().appendFile(dataFile(table, committed)).set(FILE_IDS, Long.toString(committed.id()))
                    .commit();
            return null;
        });
    }

    @Override
    public void replace(List<CommittedFile> replaced, CommittedFile replacement) {
        FileCommit file = replacement.file();
        TableIdentifier id = identifier(file.lake(), file.table());
        locked(id, () -> {
            Table table = catalog.loadTable(id);
            if (appended(table, replacement)) {
                return null;
            }
            // The table's own entries of the replaced files (in whichever spec they were written); a file no longer
            // in the table fails the rewrite (nothing changes).
            Set<DataFile> old = new HashSet<>(tableFiles(table, file.partition(), replaced));
            StringBuilder ids = new StringBuilder();
            replaced.forEach(f -> ids.append(ids.length() == 0 ? "" : ",").append(f.id()));
            table.newRewrite().rewriteFiles(old, Set.of(dataFile(table, replacement)))
                    .set(FILE_IDS, Long.toString(replacement.id())).set(REPLACED_FILE_IDS, ids.toString()).commit();
            return null;
        });
    }

    @Override
    public boolean keepsReplacedFiles() {
        return true;
    }

    /** Expires every lake table's snapshots committed before {@code before} (the current one always stays). */
    @Override
    public int expireHistory(Instant before) {
        int expired = 0;
        if (!(catalog instanceof SupportsNamespaces namespaces)) {
            return 0;
        }
        for (Namespace namespace : List.of(dataNamespace, errorNamespace)) {
            if (!namespaces.namespaceExists(namespace)) {
                continue;
            }
            for (TableIdentifier id : catalog.listTables(namespace)) {
                Table table = catalog.loadTable(id);
                int before0 = size(table.snapshots());
                if (before0 <= 1) {
                    continue;
                }
                locked(id, () -> {
                    catalog.loadTable(id).expireSnapshots().expireOlderThan(before.toEpochMilli()).retainLast(1)
                            .commit();
                    return null;
                });
                table.refresh();
                expired += before0 - size(table.snapshots());
            }
        }
        return expired;
    }

    private static int size(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }

    /** Whether a snapshot since the file's commit (less the clock skew) names it. */
    static boolean appended(Table table, CommittedFile file) {
        long since = file.committedAt().minus(CLOCK_SKEW).toEpochMilli();
        String id = Long.toString(file.id());
        for (Snapshot snapshot = table.currentSnapshot(); snapshot != null && snapshot.timestampMillis() >= since;
             snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId())) {
            String ids = snapshot.summary().get(FILE_IDS);
            if (ids != null && List.of(ids.split(",")).contains(id)) {
                return true;
            }
        }
        return false;
    }

    private DataFile dataFile(Table table, CommittedFile committed) {
        FileCommit file = committed.file();
        String location = "s3://" + file.bucket() + "/" + file.objectKey();
        PartitionSpec spec = specFor(table, file.partition());
        DataFiles.Builder builder = DataFiles.builder(spec).withPath(location).withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(file.sizeBytes())
                .withMetrics(ParquetUtil.fileMetrics(table.io().newInputFile(location, file.sizeBytes()),
                        MetricsConfig.forTable(table)));
        if (!spec.isUnpartitioned()) {
            builder.withPartition(partition(spec, file.partition()));
        }
        return builder.build();
    }

    /** The table's entries of {@code files}, all of {@code partition}, found by a scan of that partition's rows. */
    private static List<DataFile> tableFiles(Table table, Partition partition, List<CommittedFile> files) {
        Expression rows = partition.isNull() ? Expressions.isNull(partition.source())
                : Expressions.and(Expressions.greaterThanOrEqual(partition.source(), micros(partition.start())),
                Expressions.lessThan(partition.source(), micros(partition.start().plusSeconds(3600))));
        java.util.Map<String, DataFile> byPath = new java.util.HashMap<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(rows).planFiles()) {
            tasks.forEach(task -> byPath.put(task.file().location(), task.file().copy()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<DataFile> found = new java.util.ArrayList<>();
        for (CommittedFile f : files) {
            DataFile entry = byPath.get("s3://" + f.file().bucket() + "/" + f.file().objectKey());
            if (entry == null) {
                throw new IllegalStateException("file " + f.id() + " (" + f.file().objectKey() + ") is not in "
                        + table.name() + " " + partition);
            }
            found.add(entry);
        }
        return found;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    /**
     * The spec a file of {@code partition} is written in: the current one when it is on the partition's source (or
     * unpartitioned), else the newest earlier spec on it (files of the setting before a change, compacted later),
     * else the current one (rows without the configured column: their value there is null).
     */
    private static PartitionSpec specFor(Table table, Partition partition) {
        PartitionSpec current = table.spec();
        if (current.isUnpartitioned() || isOn(current, partition.source())) {
            return current;
        }
        return table.specs().values().stream().filter(s -> isOn(s, partition.source()))
                .max(java.util.Comparator.comparingInt(PartitionSpec::specId)).orElse(current);
    }

    private static boolean isOn(PartitionSpec spec, String column) {
        return !spec.isUnpartitioned() && spec.fields().stream()
                .allMatch(f -> column.equals(spec.schema().findColumnName(f.sourceId())));
    }

    /**
     * The partition of the table's spec that an hourly buffer partition lies in: null for the null partition, and
     * for a spec field on another column than the partition's source (rows of a schema version without the
     * configured column, partitioned by received-at in the commit log: in the table their value is null).
     */
    private static PartitionData partition(PartitionSpec spec, Partition partition) {
        PartitionData data = new PartitionData(spec.partitionType());
        Instant hour = partition.start();
        for (int i = 0; i < spec.fields().size(); i++) {
            PartitionField field = spec.fields().get(i);
            String transform = field.transform().toString();
            if (!transform.equals("hour") && !transform.equals("day")) {
                throw new IllegalStateException("table partition " + field + " (" + transform
                        + ") is not one the lake writes; use hour or day of a timestamp column");
            }
            boolean ofSource = partition.source().equals(spec.schema().findColumnName(field.sourceId()));
            data.set(i, !ofSource || partition.isNull() ? null : transform.equals("hour")
                    ? (Integer) (int) (hour.getEpochSecond() / 3600) : (Integer) (int) partition.date().toEpochDay());
        }
        return data;
    }

    /** The spec the lake writes: {@code partition-by} of {@code source}. */
    private PartitionSpec spec(Schema schema, String source) {
        return switch (partitionBy) {
            case HOUR -> PartitionSpec.builderFor(schema).hour(source).build();
            case DAY -> PartitionSpec.builderFor(schema).day(source).build();
            case NONE -> PartitionSpec.unpartitioned();
        };
    }

    /**
     * Evolves the table's partition spec to {@code partition-by} of the configured source when the setting changed
     * (Iceberg keeps older files in the spec they were written with; readers prune both). Only a buffer of the
     * configured source changes it: one partitioned by received-at because its schema version lacks the column
     * writes into the current spec (a null value), so versions with and without it never toggle the spec.
     */
    private void evolveSpec(Table table, TableIdentifier id, BufferKey key) {
        String wanted = key.lake() == Lake.DATA ? configuredSources.apply(key.eventType()) : TableSchema.RECEIVED_AT;
        String source = key.partition().source();
        if (!source.equals(wanted) || sameFields(table.spec(), spec(table.schema(), source))) {
            return;
        }
        UpdatePartitionSpec update = table.updateSpec();
        table.spec().fields().forEach(field -> update.removeField(field.name()));
        switch (partitionBy) {
            case HOUR -> update.addField(Expressions.hour(source));
            case DAY -> update.addField(Expressions.day(source));
            case NONE -> {
            }
        }
        update.commit();
        log.info("Iceberg table {}: partition spec evolved to {} (was {})", id, table.spec(),
                table.specs().size() > 1 ? "an earlier spec" : "none");
    }

    private static boolean sameFields(PartitionSpec a, PartitionSpec b) {
        if (a.fields().size() != b.fields().size()) {
            return false;
        }
        for (int i = 0; i < a.fields().size(); i++) {
            PartitionField x = a.fields().get(i);
            PartitionField y = b.fields().get(i);
            if (x.sourceId() != y.sourceId() || !x.transform().toString().equals(y.transform().toString())) {
                return false;
            }
        }
        return true;
    }

    private Table loadOrCreate(TableIdentifier id, Lake lake, MessageType columns, String source) {
        try {
            return catalog.loadTable(id);
        } catch (NoSuchTableException e) {
            createNamespace(id.namespace());
            Schema schema = IcebergSchemas.of(columns);
            PartitionSpec spec = spec(schema, source);
            try {
                Table table = catalog.buildTable(id, schema).withPartitionSpec(spec)
                        .withLocation("s3://" + buckets.apply(lake) + "/" + id.namespace() + "/" + id.name())
                        .withProperty("format-version", "2")
                        // Every append writes a metadata file: keep the last 100, not all of them.
                        .withProperty("write.metadata.delete-after-commit.enabled", "true")
                        .withProperty("write.metadata.previous-versions-max", "100").create();
                log.info("Created Iceberg table {} at {}", id, table.location());
                return table;
            } catch (AlreadyExistsException raced) {
                return catalog.loadTable(id);
            }
        }
    }

    private void createNamespace(Namespace namespace) {
        if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(namespace)) {
            try {
                namespaces.createNamespace(namespace);
            } catch (AlreadyExistsException raced) {
                // Another instance created it.
            }
        }
    }

    /**
     * Runs a catalog change of one table under a transaction-scoped PostgreSQL advisory lock on it, so lake
     * instances change a table one at a time (and a check before an append holds until the append).
     */
    private <T> T locked(TableIdentifier id, Supplier<T> change) {
        return transactions.execute(status -> {
            jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, 0))", rs -> null, "lake-iceberg:" + id);
            return change.get();
        });
    }
}
