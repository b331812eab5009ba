package io.inlet.gateway.it;

import io.inlet.testsupport.RegistryProcess;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the ITs that need the real schema registry (its own process) behind the shared gateway setup, with
 * {@code inlet.gateway.event-types.unknown=reject}. Declared once here, so every such IT class shares one context.
 */
@TestPropertySource(properties = "inlet.gateway.event-types.unknown=reject")
abstract class RegistryGatewayIntegrationTest extends GatewayIntegrationTest {

    @DynamicPropertySource
    static void registry(DynamicPropertyRegistry registry) {
        registry.add("inlet.registry.url", () -> RegistryProcess.get().url());
    }
}
