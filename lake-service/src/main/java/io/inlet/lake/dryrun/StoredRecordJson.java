package io.inlet.lake.dryrun;

import io.inlet.contracts.time.Rfc3339;
import io.inlet.columns.Column;
import io.inlet.lake.schema.TableSchema;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A data-lake row turned back into the JSON record the lake stored, by the columns of its schema version (the
 * inverse of {@code JsonRecordWriter}): structs become objects (with their {@code _additional_properties} merged
 * back), lists arrays, timestamps the typed record's UTC text with six fractional digits, dates
 * {@code YYYY-MM-DD}, JSON columns their parsed value. Absent columns stay absent (a null the producer sent is
 * not told apart from an absent property), and the metadata columns are left out.
 */
final class StoredRecordJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StoredRecordJson() {
    }

    static ObjectNode of(Group row, Column.Struct columns) {
        ObjectNode record = NODES.objectNode();
        for (Column column : columns.fields()) {
            if (!column.name().startsWith("_inlet_")) {
                put(record, row, column);
            }
        }
        mergeAdditional(record, row, columns);
        return record;
    }

    private static ObjectNode struct(Group group, Column.Struct struct) {
        ObjectNode object = NODES.objectNode();
        for (Column column : struct.fields()) {
            put(object, group, column);
        }
        mergeAdditional(object, group, struct);
        return object;
    }

    private static void put(ObjectNode object, Group group, Column column) {
        if (present(group, column.name())) {
            object.set(column.name(), value(group, column.name(), 0, column));
        }
    }

    private static void mergeAdditional(ObjectNode object, Group group, Column.Struct struct) {
        if (struct.keepsAdditional() && present(group, Column.ADDITIONAL_PROPERTIES)) {
            JsonNode additional = JSON.readTree(group.getString(Column.ADDITIONAL_PROPERTIES, 0));
            additional.properties().forEach(p -> object.set(p.getKey(), p.getValue()));
        }
    }

    private static JsonNode value(Group group, String field, int index, Column column) {
        if (column instanceof Column.Struct struct) {
            return struct(group.getGroup(field, index), struct);
        }
        if (column instanceof Column.ListOf list) {
            return list(group.getGroup(field, index), list);
        }
        Column.Primitive primitive = (Column.Primitive) column;
        return switch (primitive.kind()) {
            case STRING -> NODES.stringNode(group.getString(field, index));
            case JSON -> JSON.readTree(group.getString(field, index));
            case LONG -> NODES.numberNode(group.getLong(field, index));
            case DOUBLE -> NODES.numberNode(group.getDouble(field, index));
            case BOOLEAN -> NODES.booleanNode(group.getBoolean(field, index));
            case TIMESTAMP -> NODES.stringNode(Rfc3339.canonicalUtcOfMicros(group.getLong(field, index)));
            case DATE -> NODES.stringNode(LocalDate.ofEpochDay(group.getInteger(field, index)).toString());
        };
    }

    /** The standard three-level LIST: {@code <name> { repeated list { optional element } }}; a null stays null. */
    private static ArrayNode list(Group listGroup, Column.ListOf list) {
        ArrayNode array = NODES.arrayNode();
        GroupType type = listGroup.getType();
        if (type.getFieldCount() == 0) {
            return array;
        }
        String repeated = type.getType(0).getName();
        for (int i = 0; i < listGroup.getFieldRepetitionCount(repeated); i++) {
            Group entry = listGroup.getGroup(repeated, i);
            String element = list.element().name();
            array.add(present(entry, element) ? value(entry, element, 0, list.element()) : NODES.nullNode());
        }
        return array;
    }

    /** The event's received-at from the metadata column. */
    static Instant receivedAt(Group row) {
        return present(row, TableSchema.RECEIVED_AT) ? micros(row.getLong(TableSchema.RECEIVED_AT, 0)) : null;
    }

    static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    private static boolean present(Group group, String field) {
        return group.getType().containsField(field) && group.getFieldRepetitionCount(field) > 0;
    }
}
