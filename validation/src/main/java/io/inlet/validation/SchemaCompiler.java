package io.inlet.validation;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.PathType;
import io.inlet.contracts.JsonSchemaDialects;
import io.inlet.registryclient.RegistrySchema;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds validators (networknt; the dialect {@code $schema} names, else the same default as the
 * registry's, {@link JsonSchemaDialects}; {@code format} asserted; locations as JSON pointers) and
 * typers from registry schemas.
 */
public final class SchemaCompiler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SchemaRegistry registry;

    /** With the default dialect of {@link JsonSchemaDialects#DEFAULT}. */
    public SchemaCompiler() {
        this(JsonSchemaDialects.DEFAULT);
    }

    /** @param defaultDialect the meta-schema URI for schemas without {@code $schema} */
    public SchemaCompiler(String defaultDialect) {
        this.registry = SchemaRegistry.withDialects(dialects(), builder -> builder
                .defaultDialectId(dialect(defaultDialect).getDialectId())
                .schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .formatAssertionsEnabled(true)
                        .pathType(PathType.JSON_POINTER)
                        .build()));
    }

    /**
     * The dialects, each with the fast paths of {@link FastPathFormats}; as the registry: from draft-06 on, draft-04's
     * "id" is no keyword and is ignored (networknt would refuse it).
     */
    static List<Dialect> dialects() {
        return List.of(fastFormats(Dialect.builder(Dialects.getDraft4())),
                fastFormats(ignoringId(Dialects.getDraft6())), fastFormats(ignoringId(Dialects.getDraft7())),
                fastFormats(ignoringId(Dialects.getDraft201909())), fastFormats(ignoringId(Dialects.getDraft202012())));
    }

    private static Dialect.Builder ignoringId(Dialect dialect) {
        return Dialect.builder(dialect).keyword(new NonValidationKeyword("id"));
    }

    private static Dialect fastFormats(Dialect.Builder dialect) {
        return dialect.formats(FastPathFormats::wrap).build();
    }

    static SpecificationVersion dialect(String uri) {
        String trimmed = uri.trim().replaceFirst("#$", "");
        for (SpecificationVersion version : SpecificationVersion.values()) {
            String id = version.getDialectId().replaceFirst("#$", "");
            if (id.replaceFirst("^https?://", "").equals(trimmed.replaceFirst("^https?://", ""))) {
                return version;
            }
        }
        throw new IllegalArgumentException(JsonSchemaDialects.DEFAULT_PROPERTY + "=" + uri
                + " is not a supported dialect");
    }

    public CompiledSchema compile(RegistrySchema schema) {
        if (schema.schemaType() != null && !schema.schemaType().equalsIgnoreCase("JSON")) {
            throw new IllegalStateException("schema " + schema.id() + " is of type " + schema.schemaType()
                    + "; only JSON schemas can be applied");
        }
        JsonNode tree = JSON.readTree(schema.schema());
        Schema validator = registry.getSchema(SchemaLocation.of(JsonSchemaDialects.BASE_IRI), tree);
        validator.initializeValidators();
        return new CompiledSchema(schema.id(), schema.subject(), schema.version() == null ? 0 : schema.version(),
                validator, RecordTyper.compile(tree));
    }
}
