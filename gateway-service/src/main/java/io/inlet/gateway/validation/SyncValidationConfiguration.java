package io.inlet.gateway.validation;

import io.inlet.contracts.JsonSchemaDialects;
import io.inlet.registryclient.RegistryClient;
import io.inlet.validation.SchemaCompiler;
import io.inlet.validation.SchemaResolver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SyncValidationConfiguration {

    /** The same default dialect setting as the registry's and the pipeline's: a schema is read alike by all. */
    @Bean
    SyncValidator syncValidator(RegistryClient registryClient, SyncValidationProperties properties,
                                @Value("${" + JsonSchemaDialects.DEFAULT_PROPERTY + ":" + JsonSchemaDialects.DEFAULT + "}")
                                String defaultDialect) {
        return new SyncValidator(new SchemaResolver(registryClient, new SchemaCompiler(defaultDialect),
                properties.compiledSchemaCacheSize()));
    }
}
