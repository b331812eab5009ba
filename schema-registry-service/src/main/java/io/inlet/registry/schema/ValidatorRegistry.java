package io.inlet.registry.schema;

import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.util.List;

/**
 * The networknt registry every schema is loaded with: the five dialects, {@code defaultDialect}
 * for schemas without {@code $schema}. From draft-06 on, draft-04's {@code id} is no keyword and is
 * ignored (networknt would refuse it, Confluent does not). The pipeline builds the same one.
 */
final class ValidatorRegistry {

    private ValidatorRegistry() {
    }

    static SchemaRegistry of(JsonDialect defaultDialect) {
        List<Dialect> dialects = List.of(Dialects.getDraft4(), ignoringId(Dialects.getDraft6()),
                ignoringId(Dialects.getDraft7()), ignoringId(Dialects.getDraft201909()),
                ignoringId(Dialects.getDraft202012()));
        return SchemaRegistry.withDialects(dialects, builder -> builder.defaultDialectId(defaultDialect.metaSchemaId()));
    }

    private static Dialect ignoringId(Dialect dialect) {
        return Dialect.builder(dialect).keyword(new NonValidationKeyword("id")).build();
    }
}
