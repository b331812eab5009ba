package io.inlet.lake.schema;

import io.inlet.columns.Column;
import io.inlet.columns.UnsupportedSchemaException;
import io.inlet.columns.Column.Kind;
import io.inlet.columns.Column.Primitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The columns of one lake file and their Parquet schema. Data-lake files have the metadata columns first, then
 * the event's columns; error-lake files have a fixed layout.
 */
public record TableSchema(Column.Struct root, MessageType messageType) {

    public static final String EVENT_ID = "_inlet_event_id";
    public static final String RECEIVED_AT = "_inlet_received_at";
    public static final String SCHEMA_VERSION = "_inlet_schema_version";
    public static final String SOURCE = "_inlet_source";

    private static final List<Column> METADATA = List.of(
            new Primitive(EVENT_ID, Kind.STRING),
            new Primitive(RECEIVED_AT, Kind.TIMESTAMP),
            new Primitive(SCHEMA_VERSION, Kind.LONG),
            new Primitive(SOURCE, Kind.STRING));
    /** How many metadata columns come first in a data-lake table. */
    public static final int METADATA_COLUMNS = METADATA.size();
    private static final Set<String> METADATA_NAMES = Set.of(EVENT_ID, RECEIVED_AT, SCHEMA_VERSION, SOURCE);

    /** The error lake's layout: one row per rejected event, with every violation. */
    public static final TableSchema ERRORS = of(new Column.Struct("inlet_error", List.of(
            new Primitive(EVENT_ID, Kind.STRING),
            new Primitive(RECEIVED_AT, Kind.TIMESTAMP),
            new Primitive(SOURCE, Kind.STRING),
            new Primitive("stage", Kind.STRING),
            new Primitive("reason", Kind.STRING),
            new Column.ListOf("violations", new Column.Struct("element", List.of(
                    new Primitive("pointer", Kind.STRING),
                    new Primitive("keyword", Kind.STRING),
                    new Primitive("message", Kind.STRING)), false)),
            new Primitive("schema_id", Kind.LONG),
            new Primitive("schema_version", Kind.LONG),
            new Primitive("payload", Kind.STRING),
            new Primitive("payload_encoding", Kind.STRING),
            new Primitive("subject", Kind.STRING),
            new Primitive("failed_at", Kind.TIMESTAMP),
            // The envelope a replay sends back (files written before these columns lack them: read as null).
            new Primitive("api_key_id", Kind.STRING),
            new Primitive("request_id", Kind.STRING),
            new Primitive("attributes", Kind.JSON)), false));

    /**
     * The filtered table's layout: one row per valid event a pipeline step filtered, the step and where the event
     * came in (no payload: the raw stream keeps it for its retention).
     */
    public static final TableSchema FILTERED = of(new Column.Struct("inlet_filtered", List.of(
            new Primitive(EVENT_ID, Kind.STRING),
            new Primitive(RECEIVED_AT, Kind.TIMESTAMP),
            new Primitive(SOURCE, Kind.STRING),
            new Primitive("step", Kind.LONG),
            new Primitive("step_kind", Kind.STRING),
            new Primitive("description", Kind.STRING),
            new Primitive("pipeline_revision", Kind.LONG),
            new Primitive("schema_version", Kind.LONG),
            new Primitive("request_id", Kind.STRING),
            new Primitive("origin_stream", Kind.STRING),
            new Primitive("origin_sequence", Kind.LONG),
            new Primitive("origin_index", Kind.LONG)), false));

    /** A data-lake table: the metadata columns, then the event's own columns. */
    public static TableSchema forEvents(Column.Struct event) {
        List<Column> fields = new ArrayList<>(METADATA);
        for (Column column : event.fields()) {
            if (METADATA_NAMES.contains(column.name())) {
                throw new UnsupportedSchemaException("the schema declares " + column.name()
                        + ", a column name the lake reserves for its metadata");
            }
            fields.add(column);
        }
        return of(new Column.Struct("event", fields, event.keepsAdditional()));
    }

    private static TableSchema of(Column.Struct root) {
        List<Type> fields = new ArrayList<>();
        root.fields().forEach(f -> fields.add(parquet(f)));
        if (root.keepsAdditional()) {
            fields.add(string(Column.ADDITIONAL_PROPERTIES));
        }
        return new TableSchema(root, new MessageType(root.name(), fields));
    }

    private static Type parquet(Column column) {
        if (column instanceof Column.Primitive p) {
            return switch (p.kind()) {
                case STRING, JSON -> string(p.name());
                case LONG -> Types.optional(PrimitiveTypeName.INT64).named(p.name());
                case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(p.name());
                case BOOLEAN -> Types.optional(PrimitiveTypeName.BOOLEAN).named(p.name());
                case TIMESTAMP -> Types.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                        .named(p.name());
                case DATE -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType())
                        .named(p.name());
            };
        }
        if (column instanceof Column.Struct s) {
            List<Type> fields = new ArrayList<>();
            s.fields().forEach(f -> fields.add(parquet(f)));
            if (s.keepsAdditional()) {
                fields.add(string(Column.ADDITIONAL_PROPERTIES));
            }
            return new GroupType(Type.Repetition.OPTIONAL, s.name(), fields);
        }
        Column.ListOf list = (Column.ListOf) column;
        // The standard three-level LIST: optional group <name> (LIST) { repeated group list { optional element } }
        Type element = parquet(list.element());
        return Types.optionalGroup().as(LogicalTypeAnnotation.listType())
                .addField(Types.repeatedGroup().addField(element).named("list"))
                .named(list.name());
    }

    private static Type string(String name) {
        return Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
    }
}
