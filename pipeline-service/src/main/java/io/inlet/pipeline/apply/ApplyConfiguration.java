package io.inlet.pipeline.apply;

import io.inlet.pipeline.schema.SchemaCompiler;
import io.inlet.pipeline.schema.SchemaResolver;
import io.inlet.registryclient.RegistryClient;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

@Configuration(proxyBeanMethods = false)
class ApplyConfiguration {

    @Bean
    SchemaResolver schemaResolver(RegistryClient registryClient, PipelineProperties properties) {
        return new SchemaResolver(registryClient, new SchemaCompiler(), properties.compiledSchemaCacheSize());
    }

    @Bean
    SchemaApplier schemaApplier(SchemaResolver schemaResolver, RegistryClient registryClient) {
        return new SchemaApplier(schemaResolver, new RegistryStepSource(registryClient));
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
