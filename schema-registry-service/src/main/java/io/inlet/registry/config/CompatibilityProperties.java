package io.inlet.registry.config;

import io.inlet.registry.compat.CompatibilityLevel;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code inlet.registry.compatibility.*}.
 *
 * @param defaultLevel the global level while none is stored through {@code PUT /config}
 */
@ConfigurationProperties("inlet.registry.compatibility")
public record CompatibilityProperties(@DefaultValue("BACKWARD") CompatibilityLevel defaultLevel) {
}
