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
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public IcebergTables(Catalog catalog, LakeProperties.Iceberg settings, Function<Lake, String> buckets,
                         JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.catalog = catalog;
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
            Table table = loadOrCreate(id, key.lake(), columns.messageType());
            return IcebergSchemas.withIds(columns.messageType(), table.schema()).orElseGet(() -> {
                table.updateSchema().unionByNameWith(IcebergSchemas.of(columns.messageType())).commit();
                log.info("Iceberg table {} evolved: columns added for schema versions of {}", id, key.eventType());
                return IcebergSchemas.withIds(columns.messageType(), table.schema()).orElseThrow(
                        () -> new IllegalStateException("table " + id + " still lacks columns after evolving"));
            });
        });
        Table table = catalog.loadTable(id);
        String partitionPath = table.spec().isUnpartitioned() ? ""
                : table.spec().partitionToPath(partition(table.spec(), key.partition())) + "/";
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
            // Deletes match by path; a file no longer in the table fails the rewrite (nothing changes).
            Set<DataFile> old = new HashSet<>();
            for (CommittedFile f : replaced) {
                DataFiles.Builder builder = DataFiles.builder(table.spec())
                        .withPath("s3://" + f.file().bucket() + "/" + f.file().objectKey())
                        .withFormat(FileFormat.PARQUET).withFileSizeInBytes(f.file().sizeBytes())
                        .withRecordCount(f.file().rowCount());
                if (!table.spec().isUnpartitioned()) {
                    builder.withPartition(partition(table.spec(), f.file().partition()));
                }
                old.add(builder.build());
            }
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
        DataFiles.Builder builder = DataFiles.builder(table.spec()).withPath(location).withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(file.sizeBytes())
                .withMetrics(ParquetUtil.fileMetrics(table.io().newInputFile(location, file.sizeBytes()),
                        MetricsConfig.forTable(table)));
        if (!table.spec().isUnpartitioned()) {
            builder.withPartition(partition(table.spec(), file.partition()));
        }
        return builder.build();
    }

    /** The partition of the table's spec that an hourly buffer partition lies in. */
    private static PartitionData partition(PartitionSpec spec, Partition partition) {
        PartitionData data = new PartitionData(spec.partitionType());
        Instant hour = partition.date().atTime(partition.hour(), 0).toInstant(ZoneOffset.UTC);
        for (int i = 0; i < spec.fields().size(); i++) {
            PartitionField field = spec.fields().get(i);
            String transform = field.transform().toString();
            data.set(i, switch (transform) {
                case "hour" -> (int) (hour.getEpochSecond() / 3600);
                case "day" -> (int) partition.date().toEpochDay();
                default -> throw new IllegalStateException("table partition " + field + " (" + transform
                        + ") is not one the lake writes; use hour or day of " + TableSchema.RECEIVED_AT);
            });
        }
        return data;
    }

    private Table loadOrCreate(TableIdentifier id, Lake lake, MessageType columns) {
        try {
            return catalog.loadTable(id);
        } catch (NoSuchTableException e) {
            createNamespace(id.namespace());
            Schema schema = IcebergSchemas.of(columns);
            PartitionSpec spec = switch (partitionBy) {
                case HOUR -> PartitionSpec.builderFor(schema).hour(TableSchema.RECEIVED_AT).build();
                case DAY -> PartitionSpec.builderFor(schema).day(TableSchema.RECEIVED_AT).build();
                case NONE -> PartitionSpec.unpartitioned();
            };
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
