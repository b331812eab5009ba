package io.inlet.registry.schema;

import io.inlet.contracts.JsonSchemaDialects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code inlet.json-schema.*}, read by the pipeline too (see {@link JsonSchemaDialects}).
 *
 * @param defaultDialect the meta-schema URI of the dialect for schemas without {@code $schema}
 *                       (draft-04, -06, -07, 2019-09 or 2020-12); draft-07 as Confluent
 */
@ConfigurationProperties("inlet.json-schema")
public record JsonSchemaProperties(@DefaultValue(JsonSchemaDialects.DEFAULT) String defaultDialect) {

    public JsonDialect dialect() {
        return JsonDialect.of(defaultDialect).orElseThrow(() -> new IllegalArgumentException(
                JsonSchemaDialects.DEFAULT_PROPERTY + "=" + defaultDialect + " is not a supported dialect"));
    }
}
