package io.inlet.columns;

import java.util.List;
import java.util.Optional;

/**
 * A column of an event type's table, as derived from a JSON Schema ({@link JsonSchemaMapper}): the one tree both
 * readers of a schema's shape use — the lake builds its Parquet schema from it and writes JSON values by it, a sql
 * step's table {@code event} has its types. Every column is optional (nullable) so that files of compatible schema
 * versions can be read together.
 */
public sealed interface Column permits Column.Primitive, Column.Struct, Column.ListOf {

    /** Name of the string column that keeps undeclared properties of an open object, as a JSON object. */
    String ADDITIONAL_PROPERTIES = "_additional_properties";

    String name();

    /** Whether rows written with {@code older} can be read as this column: same kind, nothing removed. */
    boolean canRead(Column older);

    /** Physical kinds of leaf columns. */
    enum Kind {
        /** UTF-8 text (JSON strings and enums). */
        STRING,
        /** The JSON text of a value whose structure the schema leaves open. */
        JSON,
        LONG,
        DOUBLE,
        BOOLEAN,
        /** {@code format: date-time}: TIMESTAMP(MICROS, adjusted to UTC). */
        TIMESTAMP,
        /** {@code format: date}: DATE (days since epoch). */
        DATE
    }

    record Primitive(String name, Kind kind) implements Column {
        @Override
        public boolean canRead(Column older) {
            return older instanceof Primitive p && p.kind == kind;
        }
    }

    /**
     * An object with declared properties.
     *
     * @param keepsAdditional the object is open (additional properties allowed): undeclared properties are kept
     *                        as JSON in {@link #ADDITIONAL_PROPERTIES}
     */
    record Struct(String name, List<Column> fields, boolean keepsAdditional) implements Column {

        public Struct {
            fields = List.copyOf(fields);
        }

        public Optional<Column> field(String fieldName) {
            return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
        }

        @Override
        public boolean canRead(Column older) {
            if (!(older instanceof Struct o) || (o.keepsAdditional && !keepsAdditional)) {
                return false;
            }
            for (Column olderField : o.fields) {
                Optional<Column> mine = field(olderField.name());
                if (mine.isEmpty() || !mine.get().canRead(olderField)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** An array of {@code element}s (a Parquet LIST in the lake, an ARRAY in SQL). */
    record ListOf(String name, Column element) implements Column {
        @Override
        public boolean canRead(Column older) {
            return older instanceof ListOf l && element.canRead(l.element);
        }
    }
}
