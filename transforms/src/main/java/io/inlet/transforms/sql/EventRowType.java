package io.inlet.transforms.sql;

import io.inlet.columns.Column;
import io.inlet.columns.JsonSchemaMapper;
import io.inlet.columns.UnsupportedSchemaException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import tools.jackson.databind.JsonNode;

/**
 * The SQL row type of {@code event}: the columns the lake derives from the schema version ({@link JsonSchemaMapper},
 * the one mapping of a JSON Schema to columns), in SQL — a struct is a {@code ROW} of its fields (nested objects
 * are nested rows: {@code event.customer.id}), a list an {@code ARRAY} of its element ({@code CARDINALITY},
 * {@code tags[1]}, {@code event.items[1].sku}, {@code UNNEST}), a long {@code BIGINT}, a double {@code DOUBLE}, a
 * boolean {@code BOOLEAN}, a timestamp {@code TIMESTAMP(3)} (UTC, milliseconds), a date {@code DATE}, a string
 * {@code VARCHAR}, and a value the schema leaves open (no single type) a {@code VARCHAR} holding its JSON text.
 * Every column is nullable: an optional property that is absent reads as {@code NULL}. Properties an open object
 * does not declare are not columns (the lake keeps them in {@code _additional_properties}).
 */
final class EventRowType {

    private EventRowType() {
    }

    /** The columns of the schema version, as the lake derives them. */
    static Column.Struct columns(JsonNode schema) {
        try {
            return JsonSchemaMapper.map(schema);
        } catch (UnsupportedSchemaException e) {
            throw new SqlRefusedException("the event's schema has no columns for a statement: " + e.getMessage(), 0, 0);
        }
    }

    /** The SQL row type of {@code columns}: field {@code i} of every row is column {@code i}. */
    static RelDataType of(Column.Struct columns, RelDataTypeFactory types) {
        return type(columns, types);
    }

    private static RelDataType type(Column column, RelDataTypeFactory types) {
        if (column instanceof Column.Struct struct) {
            List<String> names = new ArrayList<>();
            List<RelDataType> fields = new ArrayList<>();
            for (Column field : struct.fields()) {
                names.add(field.name());
                fields.add(type(field, types));
            }
            return types.createTypeWithNullability(types.createStructType(fields, names), true);
        }
        if (column instanceof Column.ListOf list) {
            return types.createTypeWithNullability(types.createArrayType(type(list.element(), types), -1), true);
        }
        return switch (((Column.Primitive) column).kind()) {
            case LONG -> nullable(types, SqlTypeName.BIGINT);
            case DOUBLE -> nullable(types, SqlTypeName.DOUBLE);
            case BOOLEAN -> nullable(types, SqlTypeName.BOOLEAN);
            case TIMESTAMP -> types.createTypeWithNullability(types.createSqlType(SqlTypeName.TIMESTAMP, 3), true);
            case DATE -> nullable(types, SqlTypeName.DATE);
            case STRING, JSON -> nullable(types, SqlTypeName.VARCHAR);
        };
    }

    private static RelDataType nullable(RelDataTypeFactory types, SqlTypeName name) {
        return types.createTypeWithNullability(types.createSqlType(name), true);
    }
}
