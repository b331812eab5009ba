package io.inlet.lake.replay;

import io.inlet.binder.NatsOutputs;
import io.inlet.contracts.JsonSchemaDialects;
import io.inlet.lake.commit.CommitLog;
import io.inlet.lake.compaction.RewriteGuard;
import io.inlet.lake.config.LakeProperties;
import io.inlet.lake.read.LakeFileReader;
import io.inlet.registryclient.RegistryClient;
import io.inlet.validation.SchemaCompiler;
import io.inlet.validation.SchemaResolver;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.s3.S3Client;

@Configuration(proxyBeanMethods = false)
class ReplayConfiguration {

    /** The producer binding replays publish through ({@code inlet.raw.>}, application.yml). */
    static final String BINDING = "lakeReplay";

    @Bean
    LakeFileReader lakeFileReader(S3Client s3, LakeProperties properties) {
        Path temp = properties.format().tempDirectory() != null ? properties.format().tempDirectory()
                : Path.of(System.getProperty("java.io.tmpdir"), "inlet-lake");
        return new LakeFileReader(s3, temp.resolve("read"));
    }

    @Bean
    ErrorLakeFiles errorLakeFiles(JdbcTemplate jdbc) {
        return new ErrorLakeFiles(jdbc);
    }

    @Bean
    ReplayStore replayStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        return new ReplayStore(jdbc, transactions);
    }

    /** The pipeline's validate + type unit, with the registry's default dialect as the pipeline has it. */
    @Bean
    ReplayCheck replayCheck(RegistryClient registry,
                            @Value("${" + JsonSchemaDialects.DEFAULT_PROPERTY + ":" + JsonSchemaDialects.DEFAULT + "}")
                            String defaultDialect) {
        return new ReplayCheck(new SchemaResolver(registry, new SchemaCompiler(defaultDialect), 1000));
    }

    @Bean
    ReplayDryRun replayDryRun(ErrorLakeFiles files, LakeFileReader reader, ReplayCheck check) {
        return new ReplayDryRun(files, reader, check);
    }

    @Bean
    ReplayRunner replayRunner(ReplayStore store, ErrorLakeFiles files, LakeFileReader reader, NatsOutputs outputs,
                              ReplayProperties replay, LakeProperties lake, MeterRegistry meters) {
        return new ReplayRunner(store, files, reader, () -> outputs.frames(BINDING), replay, lake.s3().errorBucket(),
                meters) {
            @Override
            public boolean isAutoStartup() {
                return replay.enabled();
            }
        };
    }

    @Bean
    ReplayService replayService(ReplayStore store, ErrorLakeFiles files, ReplayDryRun dryRun, ReplayRunner runner,
                                ReplayProperties properties, CommitLog commitLog, TransactionTemplate transactions) {
        return new ReplayService(store, files, dryRun, runner, properties, commitLog, transactions);
    }

    /** Compaction leaves the error files of a type alone while a replay of it runs. */
    @Bean
    RewriteGuard runningReplays(ReplayStore store) {
        return new RunningReplays(store);
    }
}
