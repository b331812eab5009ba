package io.inlet.pipeline.schema;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.inlet.registryclient.RegistrySchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds validators (networknt, 2020-12 unless {@code $schema} names draft-07; {@code format} asserted;
 * locations as JSON pointers) and typers from registry schemas.
 */
public final class SchemaCompiler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true)
                    .pathType(PathType.JSON_POINTER)
                    .build()));

    public CompiledSchema compile(RegistrySchema schema) {
        if (schema.schemaType() != null && !schema.schemaType().equalsIgnoreCase("JSON")) {
            throw new IllegalStateException("schema " + schema.id() + " is of type " + schema.schemaType()
                    + "; the pipeline applies JSON schemas only");
        }
        JsonNode tree = JSON.readTree(schema.schema());
        Schema validator = registry.getSchema(tree);
        validator.initializeValidators();
        return new CompiledSchema(schema.id(), schema.subject(), schema.version() == null ? 0 : schema.version(),
                validator, RecordTyper.compile(tree));
    }
}
