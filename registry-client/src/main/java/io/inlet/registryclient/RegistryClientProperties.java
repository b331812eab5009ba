package io.inlet.registryclient;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code inlet.registry.*} as read by services that use the registry (the registry service itself
 * reads {@code inlet.registry.security.*} and {@code inlet.registry.compatibility.*}).
 *
 * @param url         base URL of the schema-registry-service; setting it enables the client
 * @param timeout     connect and request timeout
 * @param cache       cache sizing and refresh
 * @param credentials for registries whose reads are closed
 */
@ConfigurationProperties("inlet.registry")
public record RegistryClientProperties(URI url,
                                       @DefaultValue("5s") Duration timeout,
                                       @DefaultValue Cache cache,
                                       @DefaultValue Credentials credentials) {

    /**
     * @param refreshAfterWrite age after which a read reloads an entry in the background
     * @param maximumSize       entries kept
     */
    public record Cache(@DefaultValue("1m") Duration refreshAfterWrite, @DefaultValue("10000") long maximumSize) {
    }

    /** Bearer token, or basic username and password; secrets stay out of {@link #toString()}. */
    public record Credentials(String token, String username, String password) {
        @Override
        public String toString() {
            return "Credentials[token=" + (token == null || token.isBlank() ? "none" : "****")
                    + ", username=" + username + ", password=" + (password == null ? "none" : "****") + "]";
        }
    }
}
