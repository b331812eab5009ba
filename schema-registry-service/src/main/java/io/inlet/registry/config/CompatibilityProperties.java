package io.inlet.registry.config;

import io.inlet.registry.compat.CompatibilityLevel;
import io.inlet.registry.compat.CompatibilityPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code inlet.registry.compatibility.*}.
 *
 * @param defaultLevel  the global level while none is stored through {@code PUT /config}
 * @param defaultPolicy the global policy while none is stored: {@code LENIENT} (Inlet's rules) or
 *                      {@code STRICT} (Confluent's, where Inlet deliberately differs)
 */
@ConfigurationProperties("inlet.registry.compatibility")
public record CompatibilityProperties(@DefaultValue("BACKWARD") CompatibilityLevel defaultLevel,
                                      @DefaultValue("LENIENT") CompatibilityPolicy defaultPolicy) {
}
