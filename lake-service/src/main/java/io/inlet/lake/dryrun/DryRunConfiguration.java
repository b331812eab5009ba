package io.inlet.lake.dryrun;

import io.inlet.contracts.JsonSchemaDialects;
import io.inlet.lake.schema.TableResolver;
import io.inlet.lake.read.LakeFileReader;
import io.inlet.registryclient.RegistryClient;
import io.inlet.validation.SchemaCompiler;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class DryRunConfiguration {

    /** Schemas are compiled with the registry's (and the pipeline's) default dialect. */
    @Bean
    DryRun dryRun(JdbcTemplate jdbc, LakeFileReader reader, TableResolver tables, RegistryClient registry,
                  DryRunProperties properties,
                  @Value("${" + JsonSchemaDialects.DEFAULT_PROPERTY + ":" + JsonSchemaDialects.DEFAULT + "}")
                  String defaultDialect) {
        return new DryRun(new DryRunFiles(jdbc), reader, tables, registry, new SchemaCompiler(defaultDialect),
                properties, Clock.systemUTC());
    }
}
