package io.inlet.gateway.ingest;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code inlet.gateway.ids.*}.
 *
 * @param field the top-level property of a plain JSON event that holds the client's event id
 *              (a string or an integer); events without it get a UUIDv7
 */
@Validated
@ConfigurationProperties("inlet.gateway.ids")
public record IngestIdProperties(@NotBlank @DefaultValue("id") String field) {
}
