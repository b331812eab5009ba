package io.inlet.pipeline.apply;

import io.inlet.contracts.JsonSchemaDialects;
import io.inlet.pipeline.steps.SqlStepRunner;
import io.inlet.validation.SchemaCompiler;
import io.inlet.validation.SchemaResolver;
import io.inlet.registryclient.RegistryClient;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

@Configuration(proxyBeanMethods = false)
class ApplyConfiguration {

    /** The default dialect is the registry's setting too: both must read a schema without $schema alike. */
    @Bean
    SchemaResolver schemaResolver(RegistryClient registryClient, PipelineProperties properties,
                                  @Value("${" + JsonSchemaDialects.DEFAULT_PROPERTY + ":" + JsonSchemaDialects.DEFAULT + "}")
                                  String defaultDialect) {
        return new SchemaResolver(registryClient, new SchemaCompiler(defaultDialect),
                properties.compiledSchemaCacheSize());
    }

    @Bean
    SchemaApplier schemaApplier(SchemaResolver schemaResolver, RegistryClient registryClient,
            PipelineProperties properties) {
        return new SchemaApplier(schemaResolver, new RegistryStepSource(registryClient),
                new SqlStepRunner((type, version) -> registryClient.schema(type.name(), version).schema(),
                        properties.compiledSchemaCacheSize()));
    }

    /**
     * Binding {@code applySchemas-in-0}: batches from {@code inlet.events.>}. Typed {@code Message<?>} so that
     * the function layer hands the binder's {@code List<byte[]>} through unconverted.
     */
    @Bean
    Consumer<Message<?>> applySchemas(EventsHandler handler) {
        return handler::handle;
    }
}
