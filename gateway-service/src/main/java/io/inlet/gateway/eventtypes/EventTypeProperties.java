package io.inlet.gateway.eventtypes;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code inlet.gateway.event-types.*}.
 *
 * @param unknown         {@code reject} (default): events of a type the registry does not know get 404;
 *                        {@code accept}: no registry check, every valid type name is published and the
 *                        pipeline sends events without a schema to the error lake
 * @param unknownCacheTtl how long a "not registered" answer is remembered, so a flood of bad types does
 *                        not reach the registry (a type registered meanwhile is accepted after this time)
 */
@Validated
@ConfigurationProperties("inlet.gateway.event-types")
public record EventTypeProperties(@NotNull @DefaultValue("reject") UnknownTypes unknown,
                                  @NotNull @DefaultValue("10s") Duration unknownCacheTtl) {

    public enum UnknownTypes { REJECT, ACCEPT }
}
