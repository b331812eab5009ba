package io.inlet.registry.security;

import io.inlet.security.Credentials;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code inlet.registry.security.*}: who may write (register, config, delete) and whether reads
 * need a credential. Each credential ({@link Credentials}, shared with the lake) is a bearer token, basic-auth
 * user and password, or both.
 *
 * @param readsOpen {@code true} (default): reads need no credential; {@code false}: reads need the
 *                  reader or admin credential
 * @param admin     may read and write
 * @param reader    may read only (useful when reads are closed; gets 403 on writes)
 */
@ConfigurationProperties("inlet.registry.security")
public record RegistrySecurityProperties(@DefaultValue("true") boolean readsOpen,
                                         @DefaultValue Credentials admin,
                                         @DefaultValue Credentials reader) {
}
