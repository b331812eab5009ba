package io.inlet.lake.security;

import io.inlet.security.Credentials;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code inlet.lake.security.*}: the bearer tokens of the lake's API ({@code INLET_LAKE_ADMIN_TOKEN},
 * {@code INLET_LAKE_READER_TOKEN}). Only {@code token} is read; a credential without one matches nothing.
 *
 * @param admin may read and write (start or cancel a replay, run a dry run)
 * @param reader may read only (tables, files, error samples, lineage, replay progress); 403 on writes
 */
@ConfigurationProperties("inlet.lake.security")
public record LakeSecurityProperties(@DefaultValue Credentials admin, @DefaultValue Credentials reader) {
}
