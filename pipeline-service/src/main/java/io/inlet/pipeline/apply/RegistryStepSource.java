package io.inlet.pipeline.apply;

import io.inlet.contracts.EventType;
import io.inlet.validation.SchemaResolver.SchemaUnavailableException;
import io.inlet.registryclient.RegistryClient;
import io.inlet.registryclient.RegistryClientException;
import io.inlet.registryclient.RegistryPipeline;

/**
 * Pipeline steps from the registry client's cache (stale while the registry is down). Steps that are
 * neither cached nor obtainable make the delivery wait, exactly like an uncached schema: applying no
 * steps instead would land untransformed records in the valid lake.
 */
final class RegistryStepSource implements SchemaApplier.StepSource {

    private final RegistryClient registry;

    RegistryStepSource(RegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public RegistryPipeline stepsFor(EventType type) {
        try {
            return registry.pipeline(type.name());
        } catch (RegistryClientException e) {
            SchemaUnavailableException unavailable = new SchemaUnavailableException("pipeline steps of '" + type
                    + "' are not cached and the registry did not provide them: " + e.getMessage());
            unavailable.addSuppressed(e);
            throw unavailable;
        }
    }
}
