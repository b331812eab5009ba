package io.inlet.gateway.validation;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code inlet.gateway.validation.*}: synchronous validation ({@code ?validate=true}).
 *
 * @param compiledSchemaCacheSize how many compiled schema versions are kept (one per schema id), as the pipeline's
 */
@Validated
@ConfigurationProperties("inlet.gateway.validation")
public record SyncValidationProperties(@Min(1) @DefaultValue("1000") long compiledSchemaCacheSize) {
}
