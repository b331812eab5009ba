package io.inlet.lake.config;

import io.inlet.lake.buffer.BufferManager;
import io.inlet.lake.buffer.Lake;
import io.inlet.lake.buffer.UnflushedAgeGauges;
import io.inlet.lake.commit.CommitJanitor;
import io.inlet.lake.commit.CommitLog;
import io.inlet.binder.tracing.FrameTracing;
import io.inlet.lake.commit.FileCommitter;
import io.inlet.lake.commit.FilePublisher;
import io.inlet.lake.compaction.Compactor;
import io.inlet.lake.compaction.RewriteGuard;
import io.inlet.lake.format.ParquetFileMerger;
import io.inlet.lake.format.ParquetFileWriter;
import io.inlet.lake.schema.TableResolver;
import io.inlet.lake.ingest.EventRouter;
import io.inlet.lake.partition.PartitionSources;
import io.inlet.lake.ingest.BufferShutdown;
import io.inlet.lake.ingest.LakeBindings;
import io.inlet.lake.ingest.LakeInlet;
import io.inlet.lake.storage.S3ClientFactory;
import io.inlet.lake.storage.LocalFolderStore;
import io.inlet.lake.storage.ObjectStore;
import io.inlet.lake.storage.S3Storage;
import io.inlet.lake.table.HivePartitionedFolders;
import io.inlet.lake.table.TableFormat;
import io.inlet.lake.table.iceberg.IcebergCatalogs;
import io.inlet.lake.table.iceberg.IcebergTables;
import org.apache.iceberg.jdbc.JdbcCatalog;
import io.inlet.registryclient.RegistryClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.s3.S3Client;

/** Wires the lake: NATS in (two binder bindings), buffers, Parquet, S3, commit log. */
@Configuration(proxyBeanMethods = false)
public class LakeConfiguration {

    @Bean(destroyMethod = "close")
    S3Client lakeS3Client(LakeProperties properties) {
        return S3ClientFactory.create(properties.s3());
    }

    /** {@code inlet.lake.store}: S3 (default) or a local folder. */
    @Bean
    ObjectStore objectStore(S3Client s3, LakeProperties properties) {
        if (properties.store() == LakeProperties.StoreKind.LOCAL) {
            Path root = properties.local().root() != null ? properties.local().root()
                    : Path.of(System.getProperty("java.io.tmpdir"), "inlet-lake-store");
            return new LocalFolderStore(root);
        }
        return new S3Storage(s3, properties.s3().multipartThreshold().toBytes(), properties.s3().partSize().toBytes());
    }

    /** {@code inlet.lake.table-format}: Hive-partitioned Parquet folders (default) or Iceberg tables. */
    @Bean
    TableFormat tableFormat(LakeProperties properties, ObjectProvider<JdbcCatalog> catalog, JdbcTemplate jdbc,
                            TransactionTemplate transactions, PartitionSources partitionSources) {
        if (properties.tableFormat() == LakeProperties.TableFormatName.PARQUET) {
            return new HivePartitionedFolders();
        }
        if (properties.store() != LakeProperties.StoreKind.S3) {
            throw new IllegalStateException("inlet.lake.table-format=iceberg needs inlet.lake.store=s3 (Iceberg's "
                    + "files are read through S3FileIO)");
        }
        return new IcebergTables(catalog.getObject(), properties.iceberg(), buckets(properties),
                partitionSources::configured, jdbc, transactions);
    }

    /** The Iceberg catalog, opened only for {@code table-format=iceberg} (by {@link #tableFormat}). */
    @Bean(destroyMethod = "close")
    @org.springframework.context.annotation.Lazy
    JdbcCatalog icebergCatalog(LakeProperties properties, S3Client s3, Environment environment) {
        LakeProperties.Iceberg iceberg = properties.iceberg();
        String url = iceberg.catalogUri() != null ? iceberg.catalogUri() : environment.getRequiredProperty(
                "spring.datasource.url");
        String user = iceberg.catalogUri() != null ? iceberg.catalogUser()
                : environment.getProperty("spring.datasource.username");
        String password = iceberg.catalogUri() != null ? iceberg.catalogPassword()
                : environment.getProperty("spring.datasource.password");
        return IcebergCatalogs.open(iceberg, url, user, password, properties.s3().lakeBucket(), s3);
    }

    static java.util.function.Function<Lake, String> buckets(LakeProperties properties) {
        return lake -> lake == Lake.DATA ? properties.s3().lakeBucket() : properties.s3().errorBucket();
    }

    @Bean
    FilePublisher filePublisher(ObjectStore storage, TableFormat format, CommitLog commitLog) {
        return new FilePublisher(storage, format, commitLog);
    }

    @Bean
    CommitLog commitLog(JdbcTemplate jdbc, TransactionTemplate transactions) {
        return new CommitLog(jdbc, transactions);
    }

    @Bean
    TableResolver tableResolver(RegistryClient registry) {
        return new TableResolver(registry);
    }

    /** Closed with the context: frees its native ZSTD contexts. */
    @Bean
    ParquetFileWriter parquetFileWriter(LakeProperties properties) {
        LakeProperties.Format format = properties.format();
        return new ParquetFileWriter(format.compression(), format.rowGroupSize().toBytes(), tempDirectory(properties));
    }

    @Bean
    FileCommitter fileCommitter(LakeProperties properties, ParquetFileWriter writer, ObjectStore storage,
                                TableFormat tableFormat, CommitLog commitLog, MeterRegistry meters,
                                ObjectProvider<FrameTracing> tracing) {
        return new FileCommitter(writer, storage, tableFormat, commitLog,
                buckets(properties), properties.sources()::backoffAfter, properties.commit().errorSamples(), meters,
                tracing.getIfAvailable(() -> FrameTracing.OFF));
    }

    @Bean
    BufferManager bufferManager(LakeProperties properties, FileCommitter committer, MeterRegistry meters,
                                Environment environment) {
        LakeBindings.check(environment);
        LakeProperties.Buffer buffer = properties.buffer();
        BufferManager manager = new BufferManager(new BufferManager.Policy(buffer.maxRows(),
                buffer.maxBytes().toBytes(), buffer.maxAge(), buffer.memoryBudgetBytes(), buffer.checkInterval(),
                LakeBindings.keepAliveInterval(environment), properties.partitioning().maxOpenPerType()),
                buffer.flushThreads(), committer);
        meters.gauge("inlet.lake.buffer.bytes", manager, BufferManager::heldBytes);
        meters.gauge("inlet.lake.buffer.open", manager, BufferManager::openBuffers);
        meters.gauge("inlet.lake.buffer.events", manager, BufferManager::openEvents);
        io.micrometer.core.instrument.FunctionCounter.builder("inlet.lake.deliveries.kept-alive", manager,
                BufferManager::keepAliveSignals).description("in-progress signals sent for held deliveries")
                .register(meters);
        return manager;
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService unflushedAgeGauges(BufferManager buffers, MeterRegistry meters,
                                                LakeProperties properties) {
        UnflushedAgeGauges gauges = new UnflushedAgeGauges(buffers, meters);
        ScheduledExecutorService schedule = daemonSchedule("lake-unflushed-gauges");
        long every = properties.buffer().checkInterval().toMillis();
        schedule.scheduleWithFixedDelay(gauges::refresh, every, every, TimeUnit.MILLISECONDS);
        return schedule;
    }

    @Bean
    PartitionSources partitionSources(LakeProperties properties, MeterRegistry meters) {
        return new PartitionSources(properties.partitioning().source(), properties.partitioning().sourcesByType(),
                meters);
    }

    @Bean
    EventRouter eventRouter(TableResolver tables, BufferManager buffers, PartitionSources partitionSources,
                            LakeProperties properties) {
        return new EventRouter(tables, buffers, partitionSources, properties.sources().valid().subjectPrefix(),
                properties.sources().errors().subjectPrefix());
    }

    @Bean
    LakeInlet lakeInlet(EventRouter router, BufferManager buffers, LakeProperties properties,
                        ObjectProvider<FrameTracing> tracing) {
        return new LakeInlet(router, buffers, properties.buffer().memoryWait(), properties.sources()::backoffAfter,
                tracing.getIfAvailable(() -> FrameTracing.OFF));
    }

    /** Binding {@code lakeValid-in-0}: {@code inlet.valid.>}, batch mode, manual acks (see application.yml). */
    @Bean
    Consumer<Message<?>> lakeValid(LakeInlet inlet) {
        return inlet.valid();
    }

    /** Binding {@code lakeErrors-in-0}: {@code inlet.errors.>}, batch mode, manual acks (see application.yml). */
    @Bean
    Consumer<Message<?>> lakeErrors(LakeInlet inlet) {
        return inlet.errors();
    }

    @Bean
    BufferShutdown bufferShutdown(BufferManager buffers, LakeProperties properties) {
        return new BufferShutdown(buffers, properties.buffer().flushOnShutdown(), properties.buffer().shutdownTimeout());
    }

    @Bean
    Compactor compactor(CommitLog commitLog, ObjectStore storage, FilePublisher publisher, TableFormat tableFormat,
                        LakeProperties properties, javax.sql.DataSource dataSource, MeterRegistry meters,
                        ObjectProvider<RewriteGuard> guards) {
        LakeProperties.Compaction compaction = properties.compaction();
        LakeProperties.Format format = properties.format();
        // Row groups of merged files are buffered in memory while written: at most 32 MB, whatever the format's.
        return new Compactor(commitLog, storage, publisher, tableFormat,
                new ParquetFileMerger(format.compression(), Math.min(format.rowGroupSize().toBytes(), 32L << 20)),
                dataSource, tempDirectory(properties), new Compactor.Policy(compaction.closedAfter(),
                compaction.maxFiles(), compaction.targetFileSize().toBytes(), compaction.maxPartitionsPerRun(),
                properties.iceberg().snapshotRetention()),
                guards.getIfAvailable(RewriteGuard::none), java.time.Clock.systemUTC(), meters);
    }

    /** {@code inlet.lake.compaction.enabled}: compaction runs every {@code interval} (one instance at a time). */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService compactionSchedule(Compactor compactor, LakeProperties properties) {
        ScheduledExecutorService schedule = daemonSchedule("lake-compaction");
        if (properties.compaction().enabled()) {
            long every = properties.compaction().interval().toMillis();
            schedule.scheduleWithFixedDelay(compactor::run, every, every, TimeUnit.MILLISECONDS);
        }
        return schedule;
    }

    /** A single daemon thread for a periodic job of the lake. */
    private static ScheduledExecutorService daemonSchedule(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    static Path tempDirectory(LakeProperties properties) {
        Path configured = properties.format().tempDirectory();
        return configured != null ? configured : Path.of(System.getProperty("java.io.tmpdir"), "inlet-lake");
    }

    @Bean
    CommitJanitor commitJanitor(CommitLog commitLog, ObjectStore storage, FilePublisher publisher,
                                LakeProperties properties) {
        LakeProperties.Commit commit = properties.commit();
        return new CommitJanitor(commitLog, storage, publisher,
                List.of(properties.s3().lakeBucket(), properties.s3().errorBucket()),
                commit.publishGrace(), commit.orphanAge());
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService commitJanitorSchedule(CommitJanitor janitor, LakeProperties properties) {
        ScheduledExecutorService schedule = daemonSchedule("lake-janitor");
        long every = properties.commit().janitorInterval().toMillis();
        // The first run at start-up reconciles what a crashed process left between the commit log and the tables.
        schedule.scheduleWithFixedDelay(janitor::run, 0, every, TimeUnit.MILLISECONDS);
        return schedule;
    }
}
