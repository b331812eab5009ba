package io.inlet.lake.table.iceberg;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Schema;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.types.Type.NestedType;
import org.apache.iceberg.types.Types;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Between the lake's Parquet columns and an Iceberg table's schema: the schema a new table (or a table's new
 * columns) gets from a file's columns, and a file's Parquet schema carrying the table's field ids, by name.
 */
final class IcebergSchemas {

    private IcebergSchemas() {
    }

    /** An Iceberg schema with the file's columns (ids are placeholders: the catalog assigns the table's own). */
    static Schema of(MessageType columns) {
        return ParquetSchemaUtil.convert(ParquetSchemaUtil.addFallbackIds(columns));
    }

    /**
     * The file's Parquet schema with each field's id in {@code table}, matched by name; empty when the table lacks
     * one of the file's columns (then the table is evolved first).
     */
    static Optional<MessageType> withIds(MessageType columns, Schema table) {
        List<Type> fields = withIds(columns, table.asStruct());
        return fields == null ? Optional.empty() : Optional.of(new MessageType(columns.getName(), fields));
    }

    private static List<Type> withIds(GroupType group, Types.StructType struct) {
        List<Type> fields = new ArrayList<>();
        for (Type field : group.getFields()) {
            Types.NestedField tableField = struct.field(field.getName());
            if (tableField == null) {
                return null;
            }
            Type typed = withId(field, tableField.type(), tableField.fieldId());
            if (typed == null) {
                return null;
            }
            fields.add(typed);
        }
        return fields;
    }

    private static Type withId(Type field, org.apache.iceberg.types.Type tableType, int id) {
        if (field.isPrimitive()) {
            return tableType.isPrimitiveType() ? field.withId(id) : null;
        }
        GroupType group = field.asGroupType();
        if (group.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            if (!tableType.isListType()) {
                return null;
            }
            Types.ListType list = tableType.asListType();
            GroupType repeated = group.getType(0).asGroupType();
            Type element = withId(repeated.getType(0), list.elementType(), list.elementId());
            return element == null ? null : group.withNewFields(repeated.withNewFields(element)).withId(id);
        }
        if (!tableType.isStructType()) {
            return null;
        }
        List<Type> fields = withIds(group, ((NestedType) tableType).asStructType());
        return fields == null ? null : group.withNewFields(fields).withId(id);
    }
}
