package io.inlet.gateway.validation;

import io.inlet.contracts.JsonSchemaDialects;
import io.inlet.registryclient.RegistryClient;
import io.inlet.validation.SchemaCompiler;
import io.inlet.validation.SchemaResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SyncValidationConfiguration {

    /**
     * The same default dialect setting as the registry's and the pipeline's: a schema is read alike by all. Without
     * a registry ({@code inlet.registry.url} unset) every event is {@code unchecked}.
     */
    @Bean
    SyncValidator syncValidator(ObjectProvider<RegistryClient> registryClient, SyncValidationProperties properties,
                                @Value("${" + JsonSchemaDialects.DEFAULT_PROPERTY + ":" + JsonSchemaDialects.DEFAULT + "}")
                                String defaultDialect) {
        RegistryClient registry = registryClient.getIfAvailable();
        return registry == null ? SyncValidator.withoutRegistry() : new SyncValidator(new SchemaResolver(registry,
                new SchemaCompiler(defaultDialect), properties.compiledSchemaCacheSize()));
    }
}
