package io.inlet.transforms.sql;

import io.inlet.columns.Column;
import io.inlet.contracts.time.Rfc3339;
import io.inlet.transforms.StepFailure;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Values between a typed JSON record and Calcite's row of a {@link RelDataType}: {@code BIGINT} is a {@code Long},
 * {@code DOUBLE} a {@code Double}, {@code TIMESTAMP} epoch milliseconds, {@code DATE} epoch days, {@code ROW} an
 * {@code Object[]}, {@code ARRAY} a {@code List}. Out of a statement, a {@code TIMESTAMP} is written as the
 * pipeline writes date-times (UTC, six fractional digits), a {@code DATE} as {@code YYYY-MM-DD}.
 *
 * <p>For a statement that unnests, an absent or null array of objects is an empty array: Calcite 1.42 cannot unnest
 * a null array of rows (its runtime throws), and for {@code UNNEST} the two mean the same (no rows; one null-padded
 * row with {@code LEFT JOIN … ON TRUE}).
 */
final class RowConversion {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final List<Object> NO_ITEMS = List.of();

    private final RelDataType rowType;
    /** The columns {@code rowType} was made of (input side: a JSON-text column reads a value's JSON text). */
    private final Column.Struct columns;
    private final BitSet used;
    private final boolean nullRowArraysEmpty;

    private RowConversion(RelDataType rowType, Column.Struct columns, BitSet used, boolean nullRowArraysEmpty) {
        this.rowType = rowType;
        this.columns = columns;
        this.used = used;
        this.nullRowArraysEmpty = nullRowArraysEmpty;
    }

    /** Writes a statement's result rows of {@code rowType} as JSON ({@link #toJson}); reads no records. */
    static RowConversion output(RelDataType rowType) {
        BitSet all = new BitSet();
        all.set(0, rowType.getFieldCount());
        return new RowConversion(rowType, null, all, false);
    }

    /**
     * Reads records into rows of {@code columns}' row type ({@link EventRowType}), converting only the {@code used}
     * top-level columns (the others are never read: NULL); a column the schema leaves open (JSON text) reads the
     * value's JSON text, as the lake stores it; for a statement that {@code unnests}, null arrays of objects are
     * empty.
     */
    static RowConversion input(RelDataType rowType, Column.Struct columns, BitSet used, boolean unnests) {
        return new RowConversion(rowType, columns, used, unnests);
    }

    /** The row of a typed record (absent properties and JSON nulls are NULL). */
    Object[] toRow(JsonNode record) {
        if (!record.isObject()) {
            throw new StepFailure("a sql step reads JSON objects, the event is a " + record.getNodeType());
        }
        List<RelDataTypeField> fields = rowType.getFieldList();
        Object[] row = new Object[fields.size()];
        for (int i = used.nextSetBit(0); i >= 0; i = used.nextSetBit(i + 1)) {
            RelDataTypeField field = fields.get(i);
            row[i] = value(field.getType(), columns.fields().get(i), record.get(field.getName()), "", field.getName());
        }
        return row;
    }

    private Object[] struct(RelDataType type, Column.Struct columns, JsonNode value, String path) {
        List<RelDataTypeField> fields = type.getFieldList();
        Object[] row = new Object[fields.size()];
        for (int i = 0; i < row.length; i++) {
            RelDataTypeField field = fields.get(i);
            row[i] = value(field.getType(), columns.fields().get(i), value.get(field.getName()), path,
                    field.getName());
        }
        return row;
    }

    /** Paths are built only for a message: {@code parent} and {@code name} make the value's JSON pointer. */
    private Object value(RelDataType type, Column column, JsonNode value, String parent, String name) {
        if (value == null || value.isNull()) {
            return nullRowArraysEmpty && type.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.ARRAY
                    && type.getComponentType().isStruct() ? NO_ITEMS : null;
        }
        if (type.isStruct()) {
            return value.isObject() ? struct(type, (Column.Struct) column, value, parent + "/" + name)
                    : mismatch(parent, name, "an object", value);
        }
        switch (type.getSqlTypeName()) {
            case ARRAY:
                if (!value.isArray()) {
                    return mismatch(parent, name, "an array", value);
                }
                List<Object> items = new ArrayList<>(value.size());
                String path = parent + "/" + name;
                for (int i = 0; i < value.size(); i++) {
                    items.add(value(type.getComponentType(), ((Column.ListOf) column).element(), value.get(i), path,
                            Integer.toString(i)));
                }
                return items;
            case BIGINT:
                return value.canConvertToLong() && value.isIntegralNumber() ? value.asLong()
                        : mismatch(parent, name, "an integer", value);
            case DOUBLE:
                return value.isNumber() ? value.asDouble() : mismatch(parent, name, "a number", value);
            case BOOLEAN:
                return value.isBoolean() ? value.asBoolean() : mismatch(parent, name, "a boolean", value);
            case TIMESTAMP:
                try {
                    return Rfc3339.epochMillis(value.asString());
                } catch (DateTimeException | ArithmeticException e) {
                    return mismatch(parent, name, "a date-time", value);
                }
            case DATE:
                try {
                    return (int) LocalDate.parse(value.asString()).toEpochDay();
                } catch (DateTimeParseException e) {
                    return mismatch(parent, name, "a date", value);
                }
            default:
                return value.isString() && !(column instanceof Column.Primitive p && p.kind() == Column.Kind.JSON)
                        ? value.asString() : value.toString();
        }
    }

    private static Object mismatch(String parent, String name, String expected, JsonNode value) {
        throw new StepFailure(parent + "/" + name + " must be " + expected + " for the statement, is "
                + value.getNodeType());
    }

    /** The JSON object of a result row (a one-column result is the value itself). */
    ObjectNode toJson(Object result) {
        List<RelDataTypeField> fields = rowType.getFieldList();
        Object[] row = fields.size() == 1 ? new Object[] {result} : (Object[]) result;
        return object(fields, row, "");
    }

    private static ObjectNode object(List<RelDataTypeField> fields, Object[] row, String path) {
        ObjectNode node = NODES.objectNode();
        for (int i = 0; i < fields.size(); i++) {
            RelDataTypeField field = fields.get(i);
            node.set(field.getName(), json(field.getType(), row[i], path, field.getName()));
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static JsonNode json(RelDataType type, Object value, String parent, String name) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (type.isStruct()) {
            Object[] row = value instanceof List<?> list ? list.toArray() : (Object[]) value;
            return object(type.getFieldList(), row, parent + "/" + name);
        }
        switch (type.getSqlTypeName()) {
            case ARRAY:
                ArrayNode array = NODES.arrayNode();
                int i = 0;
                String path = parent + "/" + name;
                for (Object item : (List<Object>) value) {
                    array.add(json(type.getComponentType(), item, path, Integer.toString(i++)));
                }
                return array;
            case TIMESTAMP:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return NODES.stringNode(Rfc3339.canonicalUtcOfMillis(((Number) value).longValue()));
            case DATE:
                return NODES.stringNode(LocalDate.ofEpochDay(((Number) value).longValue()).toString());
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
                return NODES.numberNode(((Number) value).longValue());
            case DECIMAL:
                BigDecimal decimal = value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
                return type.getScale() == 0 ? NODES.numberNode(decimal.longValueExact()) : NODES.numberNode(decimal);
            case FLOAT:
            case REAL:
            case DOUBLE:
                double d = ((Number) value).doubleValue();
                if (!Double.isFinite(d)) {
                    throw new StepFailure(parent + "/" + name + " is " + d + ", which JSON cannot hold");
                }
                return NODES.numberNode(d);
            default:
                return NODES.stringNode(value.toString());
        }
    }
}
