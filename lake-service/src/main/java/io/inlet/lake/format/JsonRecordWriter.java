package io.inlet.lake.format;

import io.inlet.contracts.time.Rfc3339;
import io.inlet.lake.schema.TableSchema;
import io.inlet.columns.Column;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes one JSON object as one Parquet record, walking the {@link Column} tree (not the JSON): declared
 * properties go to their columns, absent or null ones are left null, undeclared ones of an open object go to
 * {@code _additional_properties}. A value that does not fit its column throws
 * {@link ValueConversionException} before anything of the record reached a real file (see
 * {@link #check(Column.Struct, ObjectNode)}).
 */
public final class JsonRecordWriter {

    private JsonRecordWriter() {
    }

    public static void write(RecordConsumer consumer, Column.Struct root, ObjectNode record) {
        consumer.startMessage();
        writeFields(consumer, root, record, Pointer.ROOT);
        consumer.endMessage();
    }

    /**
     * Writes an event of a data-lake table ({@link TableSchema#forEvents}): the metadata columns from the given
     * values, the rest from {@code payload}. Writes exactly what {@link #write} writes for the payload with the
     * metadata put into it ({@code receivedAt} as its ISO text), without building those nodes and texts.
     */
    public static void writeEvent(RecordConsumer consumer, Column.Struct root, String eventId, Instant receivedAt,
                                  int schemaVersion, String source, ObjectNode payload) {
        consumer.startMessage();
        consumer.startField(TableSchema.EVENT_ID, 0);
        consumer.addBinary(Binary.fromString(eventId));
        consumer.endField(TableSchema.EVENT_ID, 0);
        consumer.startField(TableSchema.RECEIVED_AT, 1);
        consumer.addLong(epochMicros(receivedAt));
        consumer.endField(TableSchema.RECEIVED_AT, 1);
        consumer.startField(TableSchema.SCHEMA_VERSION, 2);
        consumer.addLong(schemaVersion);
        consumer.endField(TableSchema.SCHEMA_VERSION, 2);
        consumer.startField(TableSchema.SOURCE, 3);
        consumer.addBinary(Binary.fromString(source));
        consumer.endField(TableSchema.SOURCE, 3);
        writeFields(consumer, root, payload, Pointer.ROOT, TableSchema.METADATA_COLUMNS);
        consumer.endMessage();
    }

    /** As {@code epochMicros(instant.toString())}: computed when that text has the common four-digit year. */
    private static long epochMicros(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            return epochMicros(instant.toString(), new Pointer(Pointer.ROOT, TableSchema.RECEIVED_AT));
        }
        return seconds * 1_000_000L + instant.getNano() / 1000;
    }

    private static final long YEAR_0 = LocalDate.of(0, 1, 1).toEpochDay() * 86_400L;
    private static final long YEAR_10000 = LocalDate.of(10000, 1, 1).toEpochDay() * 86_400L;

    /** Runs the conversion without writing, so a bad value is found when the event is buffered. */
    public static void check(Column.Struct root, ObjectNode record) {
        write(DiscardingRecordConsumer.INSTANCE, root, record);
    }

    private static void writeFields(RecordConsumer consumer, Column.Struct struct, JsonNode object, Pointer path) {
        writeFields(consumer, struct, object, path, 0);
    }

    /** The fields from {@code first} on (those before it were written by the caller). */
    private static void writeFields(RecordConsumer consumer, Column.Struct struct, JsonNode object, Pointer path,
                                    int first) {
        List<Column> fields = struct.fields();
        int index = first;
        for (int i = first; i < fields.size(); i++) {
            Column field = fields.get(i);
            JsonNode value = object.get(field.name());
            if (value != null && !value.isNull()) {
                consumer.startField(field.name(), index);
                writeValue(consumer, field, value, new Pointer(path, field.name()));
                consumer.endField(field.name(), index);
            }
            index++;
        }
        if (struct.keepsAdditional()) {
            ObjectNode additional = null;
            for (Map.Entry<String, JsonNode> property : object.properties()) {
                if (struct.field(property.getKey()).isEmpty()) {
                    if (additional == null) {
                        additional = JsonNodeFactory.instance.objectNode();
                    }
                    additional.set(property.getKey(), property.getValue());
                }
            }
            if (additional != null) {
                consumer.startField(Column.ADDITIONAL_PROPERTIES, index);
                consumer.addBinary(Binary.fromString(additional.toString()));
                consumer.endField(Column.ADDITIONAL_PROPERTIES, index);
            }
        }
    }

    private static void writeValue(RecordConsumer consumer, Column column, JsonNode value, Pointer path) {
        if (column instanceof Column.Struct struct) {
            if (!value.isObject()) {
                throw mismatch(path, "an object", value);
            }
            consumer.startGroup();
            writeFields(consumer, struct, value, path);
            consumer.endGroup();
        } else if (column instanceof Column.ListOf list) {
            if (!value.isArray()) {
                throw mismatch(path, "an array", value);
            }
            consumer.startGroup();
            if (!value.isEmpty()) {
                consumer.startField("list", 0);
                for (int i = 0; i < value.size(); i++) {
                    JsonNode element = value.get(i);
                    consumer.startGroup();
                    if (!element.isNull()) {
                        consumer.startField(list.element().name(), 0);
                        writeValue(consumer, list.element(), element, new Pointer(path, i));
                        consumer.endField(list.element().name(), 0);
                    }
                    consumer.endGroup();
                }
                consumer.endField("list", 0);
            }
            consumer.endGroup();
        } else {
            writePrimitive(consumer, (Column.Primitive) column, value, path);
        }
    }

    private static void writePrimitive(RecordConsumer consumer, Column.Primitive column, JsonNode value, Pointer path) {
        switch (column.kind()) {
            case STRING -> {
                if (!value.isString()) {
                    throw mismatch(path, "a string", value);
                }
                consumer.addBinary(Binary.fromString(value.asString()));
            }
            case JSON -> consumer.addBinary(Binary.fromString(value.toString()));
            case LONG -> {
                if (value.isIntegralNumber() && value.canConvertToLong()) {
                    consumer.addLong(value.longValue());
                } else if (value.isNumber() && value.canConvertToExactIntegral() && value.canConvertToLong()) {
                    consumer.addLong(value.asLong());
                } else {
                    throw mismatch(path, "an integer in the 64-bit range", value);
                }
            }
            case DOUBLE -> {
                if (!value.isNumber()) {
                    throw mismatch(path, "a number", value);
                }
                consumer.addDouble(value.asDouble());
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw mismatch(path, "a boolean", value);
                }
                consumer.addBoolean(value.asBoolean());
            }
            case TIMESTAMP -> consumer.addLong(epochMicros(text(value, path), path));
            case DATE -> consumer.addInteger(epochDay(text(value, path), path));
        }
    }

    /** RFC 3339 date-time (any offset) as microseconds since the epoch, UTC. */
    static long epochMicros(String text, Object path) {
        try {
            return Rfc3339.epochMicros(text);
        } catch (DateTimeException | ArithmeticException e) {
            throw new ValueConversionException(path.toString(), "format", "not an RFC 3339 date-time: \"" + clip(text) + "\"");
        }
    }

    static int epochDay(String text, Object path) {
        try {
            return Math.toIntExact(LocalDate.parse(text).toEpochDay());
        } catch (DateTimeException | ArithmeticException e) {
            throw new ValueConversionException(path.toString(), "format", "not an RFC 3339 full-date: \"" + clip(text) + "\"");
        }
    }

    private static String text(JsonNode value, Pointer path) {
        if (!value.isString()) {
            throw mismatch(path, "a string", value);
        }
        return value.asString();
    }

    private static ValueConversionException mismatch(Pointer path, String expected, JsonNode value) {
        return new ValueConversionException(path.toString(), "type", "expected " + expected + ", found "
                + value.getNodeType().name().toLowerCase(Locale.ROOT));
    }

    private static String clip(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    /** A JSON pointer built as the walk goes down and rendered only for an error message. */
    private record Pointer(Pointer parent, Object token) {

        static final Pointer ROOT = new Pointer(null, null);

        @Override
        public String toString() {
            if (parent == null) {
                return "";
            }
            return parent + "/" + token.toString().replace("~", "~0").replace("/", "~1");
        }
    }
}
