package io.inlet.pipeline.apply;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code inlet.pipeline.*}.
 *
 * @param compiledSchemaCacheSize how many compiled schema versions (validator + typer) are kept
 */
@ConfigurationProperties("inlet.pipeline")
public record PipelineProperties(@DefaultValue("1000") long compiledSchemaCacheSize) {

    public PipelineProperties {
        if (compiledSchemaCacheSize < 1) {
            throw new IllegalArgumentException("inlet.pipeline.compiled-schema-cache-size must be positive, was "
                    + compiledSchemaCacheSize);
        }
    }
}
