package io.inlet.gateway.apikeys;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code inlet.gateway.auth.*}.
 *
 * @param adminToken the bearer token of the admin API ({@code /v1/admin/**}); when empty the admin API
 *                   refuses every call
 * @param cacheTtl   how long a verified key is cached per instance: a revocation reaches other instances
 *                   within this time (the instance that revokes forgets the key at once)
 */
@Validated
@ConfigurationProperties("inlet.gateway.auth")
public record ApiKeyProperties(String adminToken, @NotNull @DefaultValue("10s") Duration cacheTtl) {

    public boolean adminConfigured() {
        return adminToken != null && !adminToken.isBlank();
    }

    @Override
    public String toString() {
        return "ApiKeyProperties[adminToken=" + (adminConfigured() ? "****" : "none") + ", cacheTtl=" + cacheTtl + "]";
    }
}
