package io.inlet.lake.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code inlet.lake.*}: which subjects the lake reads (through the NATS binder's bindings {@code lakeValid-in-0}
 * and {@code lakeErrors-in-0}), how it buffers and rolls files, the Parquet format, and where files go (S3).
 */
@Validated
@ConfigurationProperties("inlet.lake")
public record LakeProperties(
        @Valid @DefaultValue Sources sources,
        @Valid @DefaultValue Buffer buffer,
        @Valid @DefaultValue Format format,
        @Valid @DefaultValue S3 s3,
        @Valid @DefaultValue Commit commit,
        @DefaultValue("parquet") @NotNull TableFormatName tableFormat,
        @DefaultValue("s3") @NotNull StoreKind store,
        @Valid @DefaultValue Local local,
        @Valid @DefaultValue Iceberg iceberg,
        @Valid @DefaultValue Compaction compaction,
        @Valid @DefaultValue Partitioning partitioning) {

    /**
     * {@code inlet.lake.partitioning.*}: the column data-lake tables are partitioned by (the hour of; Iceberg: the
     * {@code iceberg.partition-by} transform of). The error lake is always by {@code _inlet_received_at}.
     *
     * @param source          the default: {@code _inlet_received_at} or a top-level {@code date-time} field
     * @param byType          per event type (its name in brackets, {@code by-type[order.created]}, or with dashes for
     *                        dots, {@code by-type.order-created}) a source of its own
     * @param maxOpenPerType  open buffers (partitions) of one event type at most: a new one first rolls the one
     *                        open longest, so events scattered over many hours cost small files, not memory
     */
    public record Partitioning(@DefaultValue("_inlet_received_at") @NotBlank String source,
                               Map<String, TypeSource> byType,
                               @DefaultValue("24") @Min(1) int maxOpenPerType) {

        public Partitioning {
            byType = byType == null ? Map.of() : Map.copyOf(byType);
        }

        /** The configured source column of each event type that has one. */
        public Map<String, String> sourcesByType() {
            Map<String, String> sources = new java.util.LinkedHashMap<>();
            byType.forEach((type, typeSource) -> sources.put(type, typeSource.source()));
            return sources;
        }

        /** @param source the column of this event type (see {@link Partitioning#source}) */
        public record TypeSource(@NotBlank String source) {
        }
    }

    /** {@code inlet.lake.table-format}: how files form tables (see README, "Table formats"). */
    public enum TableFormatName {
        /** Hive-partitioned Parquet folders, {@code <table>/dt=/hr=/}: no catalog; readers glob the folders. */
        PARQUET,
        /** Apache Iceberg tables in a JDBC catalog on the lake's PostgreSQL. */
        ICEBERG
    }

    /** {@code inlet.lake.store}: where the files go. */
    public enum StoreKind {
        /** An S3 API ({@code inlet.lake.s3.*}). */
        S3,
        /** A local folder per bucket under {@code inlet.lake.local.root} (parquet format only). */
        LOCAL
    }

    /** @param root the folder holding one folder per bucket; {@code ${java.io.tmpdir}/inlet-lake-store} when empty */
    public record Local(Path root) {
    }

    /**
     * The Iceberg catalog and tables ({@code table-format=iceberg}).
     *
     * @param catalogName    the catalog's name (rows of the catalog tables carry it)
     * @param catalogUri     JDBC URL of the catalog's PostgreSQL; the lake's {@code spring.datasource.url} when empty
     * @param catalogUser    catalog user; {@code spring.datasource.username} when empty
     * @param catalogPassword catalog password; {@code spring.datasource.password} when empty
     * @param catalogSchema  the PostgreSQL schema holding the catalog's tables (created when missing)
     * @param namespace      namespace of the data lake's tables
     * @param errorNamespace namespace of the error lake's tables
     * @param partitionBy    the partition transform on {@code _inlet_received_at}: {@code hour}, {@code day} or
     *                       {@code none}
     * @param snapshotRetention snapshots older than this are expired by the compaction runs (never one a committed
     *                       but unpublished file may need: the oldest such file's commit less two hours bounds it)
     */
    public record Iceberg(@DefaultValue("inlet") @NotBlank String catalogName,
                          String catalogUri, String catalogUser, String catalogPassword,
                          @DefaultValue("iceberg_catalog") @NotBlank String catalogSchema,
                          @DefaultValue("inlet") @NotBlank String namespace,
                          @DefaultValue("inlet_errors") @NotBlank String errorNamespace,
                          @DefaultValue("hour") @NotNull PartitionBy partitionBy,
                          @DefaultValue("12h") @NotNull Duration snapshotRetention) {

        public enum PartitionBy { HOUR, DAY, NONE }

        @Override
        public String toString() {
            return "Iceberg[catalogName=" + catalogName + ", catalogUri=" + catalogUri + ", catalogUser=" + catalogUser
                    + ", catalogPassword=" + mask(catalogPassword) + ", catalogSchema=" + catalogSchema
                    + ", namespace=" + namespace + ", errorNamespace=" + errorNamespace + ", partitionBy="
                    + partitionBy + ", snapshotRetention=" + snapshotRetention + "]";
        }
    }

    /**
     * Compaction of closed partitions, for both formats (see README, "Compaction").
     *
     * @param enabled        run compaction in this service (one instance at a time, under an advisory lock)
     * @param interval       how often candidates are looked for
     * @param closedAfter    a partition is closed (no more files expected) once its hour ended this long ago
     * @param maxFiles       a closed partition with more files than this is compacted
     * @param targetFileSize files under this size are merged, into files of about this size
     * @param maxPartitionsPerRun partitions compacted per run at most
     */
    public record Compaction(@DefaultValue("true") boolean enabled,
                             @DefaultValue("10m") @NotNull Duration interval,
                             @DefaultValue("2h") @NotNull Duration closedAfter,
                             @DefaultValue("10") @Min(1) int maxFiles,
                             @DefaultValue("128MB") @NotNull DataSize targetFileSize,
                             @DefaultValue("20") @Min(1) int maxPartitionsPerRun) {
    }

    /**
     * The two inputs: validated events and errors.
     *
     * @param retryBackoff redelivery delays after a failed commit (or an event that cannot be placed now), by the
     *                     message's delivery count; the last one repeats
     */
    public record Sources(
            Source valid,
            Source errors,
            @DefaultValue({"5s", "15s", "30s", "1m"}) List<Duration> retryBackoff) {

        public Sources {
            valid = Source.orDefault(valid, "inlet.valid");
            errors = Source.orDefault(errors, "inlet.errors");
        }

        /** The redelivery delay after a failed commit, by the message's delivery count; the last one repeats. */
        public Duration backoffAfter(long deliveredCount) {
            if (retryBackoff.isEmpty()) {
                return Duration.ZERO;
            }
            int index = (int) Math.min(Math.max(deliveredCount - 1, 0), retryBackoff.size() - 1);
            return retryBackoff.get(index);
        }
    }

    /**
     * @param subjectPrefix the subjects are {@code <subjectPrefix>.<eventType>}; the binding's destination is
     *                      {@code <subjectPrefix>.>} (see application.yml)
     */
    public record Source(String subjectPrefix) {

        static Source orDefault(Source source, String subjectPrefix) {
            return source == null || source.subjectPrefix == null || source.subjectPrefix.isBlank()
                    ? new Source(subjectPrefix) : source;
        }
    }

    /**
     * When a buffer (one per lake, table and hourly partition) becomes a file.
     *
     * @param maxRows       roll when a buffer holds this many events
     * @param maxBytes      roll when a buffer holds this many bytes of event JSON (the file is smaller)
     * @param maxAge        roll a buffer this long after its first event, even when nothing else arrives
     * @param memoryBudget  all buffers together, flushing ones included; above it the largest buffer is flushed
     *                      early and the handler waits (so the binder pulls no more). Unset: a quarter of the
     *                      maximum heap, which leaves room for writing files and for the rest of the service
     * @param memoryWait    how long the handler waits for the budget before it hands the rest of its batch back
     * @param flushThreads  files written and uploaded in parallel
     * @param checkInterval how often buffer ages are checked
     * @param flushOnShutdown flush what is buffered on a graceful shutdown
     * @param shutdownTimeout how long a graceful shutdown waits for flushes
     */
    public record Buffer(@DefaultValue("1000000") @Min(1) int maxRows,
                         @DefaultValue("256MB") @NotNull DataSize maxBytes,
                         @DefaultValue("5m") @NotNull Duration maxAge,
                         DataSize memoryBudget,
                         @DefaultValue("1m") @NotNull Duration memoryWait,
                         @DefaultValue("2") @Min(1) int flushThreads,
                         @DefaultValue("1s") @NotNull Duration checkInterval,
                         @DefaultValue("true") boolean flushOnShutdown,
                         @DefaultValue("2m") @NotNull Duration shutdownTimeout) {

        /** The memory budget in bytes: as configured, else a quarter of the maximum heap. */
        public long memoryBudgetBytes() {
            return memoryBudget != null ? memoryBudget.toBytes() : Runtime.getRuntime().maxMemory() / 4;
        }
    }

    /**
     * @param compression    Parquet codec: ZSTD, SNAPPY, GZIP or UNCOMPRESSED
     * @param rowGroupSize   Parquet row group size
     * @param tempDirectory  where files are written before upload; the JVM's temp directory when empty
     */
    public record Format(@DefaultValue("ZSTD") @NotBlank String compression,
                         @DefaultValue("128MB") @NotNull DataSize rowGroupSize,
                         Path tempDirectory) {
    }

    /**
     * @param endpoint           an S3-compatible endpoint (MinIO, S3Proxy); AWS when empty
     * @param pathStyle          path-style addressing (needed for MinIO/S3Proxy)
     * @param lakeBucket         bucket of the data lake
     * @param errorBucket        bucket of the error lake
     * @param multipartThreshold files at least this big are uploaded in parts
     * @param partSize           multipart part size (S3 minimum 5 MB)
     * @param maxAttempts        attempts per S3 call (SDK retries with exponential backoff and jitter)
     * @param apiCallTimeout     one S3 call including its retries
     */
    public record S3(URI endpoint, @DefaultValue("us-east-1") @NotBlank String region,
                     String accessKey, String secretKey,
                     @DefaultValue("false") boolean pathStyle,
                     @DefaultValue("inlet-lake") @NotBlank String lakeBucket,
                     @DefaultValue("inlet-error-lake") @NotBlank String errorBucket,
                     @DefaultValue("64MB") @NotNull DataSize multipartThreshold,
                     @DefaultValue("16MB") @NotNull DataSize partSize,
                     @DefaultValue("4") @Min(1) int maxAttempts,
                     @DefaultValue("2m") @NotNull Duration apiCallTimeout) {
        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", accessKey=" + accessKey
                    + ", secretKey=" + mask(secretKey) + ", pathStyle=" + pathStyle + ", lakeBucket=" + lakeBucket
                    + ", errorBucket=" + errorBucket + "]";
        }
    }

    /**
     * @param publishGrace      a committed file still in staging this long is published by the janitor
     * @param orphanAge         staging objects no commit refers to are deleted after this long
     * @param janitorInterval   how often the janitor runs
     * @param errorSamples      error rows kept per event type for the samples API
     */
    public record Commit(@DefaultValue("1m") @NotNull Duration publishGrace,
                         @DefaultValue("1h") @NotNull Duration orphanAge,
                         @DefaultValue("30s") @NotNull Duration janitorInterval,
                         @DefaultValue("100") @Min(0) int errorSamples) {
    }

    private static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "none" : "****";
    }
}
