package io.inlet.lake.ingest;

import io.inlet.contracts.ErrorEnvelope;
import io.inlet.contracts.EventType;
import io.inlet.contracts.InletHeaders;
import io.inlet.contracts.Violation;
import io.inlet.lake.buffer.BufferKey;
import io.inlet.lake.buffer.BufferManager;
import io.inlet.lake.buffer.BufferedEvent;
import io.inlet.lake.buffer.Delivery;
import io.inlet.lake.buffer.ErrorRow;
import io.inlet.lake.buffer.EventRow;
import io.inlet.lake.buffer.Lake;
import io.inlet.lake.format.JsonRecordWriter;
import io.inlet.lake.format.TableResolver;
import io.inlet.lake.format.TableSchema;
import io.inlet.lake.format.UnsupportedSchemaException;
import io.inlet.lake.format.ValueConversionException;
import io.inlet.lake.partition.Partition;
import io.inlet.registryclient.RegistryClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Places one message in its buffer. A validated event goes to its table (by event type and schema version); if
 * the lake cannot store it (no schema version, a value that does not fit its column, an unmappable schema) it goes
 * to the error lake with stage {@code lake} and the reason, never dropped. An error envelope is read tolerantly
 * (any missing field is derived from headers or left null) and goes to the error lake.
 */
public class EventRouter {

    /** What the lake needs of a message, independent of NATS. */
    public interface Incoming {
        String subject();

        String stream();

        String header(String name);

        byte[] body();

        Instant storedAt();

        Delivery delivery();
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TableResolver tables;
    private final BufferManager buffers;
    private final String validPrefix;
    private final String errorsPrefix;

    public EventRouter(TableResolver tables, BufferManager buffers, String validPrefix, String errorsPrefix) {
        this.tables = tables;
        this.buffers = buffers;
        this.validPrefix = validPrefix + ".";
        this.errorsPrefix = errorsPrefix + ".";
    }

    /**
     * @throws TransientLakeException when the event cannot be placed now; the caller naks it
     */
    public void routeValid(Incoming message) {
        String eventId = eventId(message);
        Instant receivedAt = instant(message.header(InletHeaders.RECEIVED_AT), message.storedAt());
        String source = message.header(InletHeaders.SOURCE);
        String typeName = firstNonBlank(message.header(InletHeaders.EVENT_TYPE), tail(message.subject(), validPrefix));
        if (!EventType.isValid(typeName)) {
            toErrorLake(message, ErrorEnvelope.UNROUTABLE_TYPE.name(), eventId, receivedAt, source,
                    "no valid event type in header or subject", List.of(), null);
            return;
        }
        EventType type = EventType.of(typeName);
        Integer version = integer(message.header(InletHeaders.SCHEMA_VERSION));
        if (version == null || version < 1) {
            toErrorLake(message, typeName, eventId, receivedAt, source, "the validated event has no valid "
                    + InletHeaders.SCHEMA_VERSION + " header", List.of(), version);
            return;
        }
        TableResolver.TableSpec table;
        try {
            table = tables.resolve(type, version);
        } catch (RegistryClientException e) {
            if (!e.notFound()) {
                throw new TransientLakeException("schema " + type + " v" + version + " unavailable", e);
            }
            toErrorLake(message, typeName, eventId, receivedAt, source, "schema " + type + " version " + version
                    + " does not exist in the registry", List.of(), version);
            return;
        } catch (UnsupportedSchemaException e) {
            toErrorLake(message, typeName, eventId, receivedAt, source, e.getMessage(), List.of(), version);
            return;
        }
        EventRow row = new EventRow(eventId, receivedAt, source, version, message.body());
        try {
            ObjectNode record = row.toRecord();
            JsonRecordWriter.check(table.schema().root(), record);
        } catch (ValueConversionException e) {
            toErrorLake(message, typeName, eventId, receivedAt, source, "value does not fit its lake column",
                    List.of(new Violation(e.pointer(), e.keyword(), e.getMessage())), version);
            return;
        } catch (JacksonException | IllegalArgumentException e) {
            toErrorLake(message, typeName, eventId, receivedAt, source, "the validated event is not a JSON object",
                    List.of(new Violation("", "json", oneLine(e.getMessage()))), version);
            return;
        }
        buffers.append(new BufferKey(Lake.DATA, typeName, table.tableName(), Partition.of(receivedAt)),
                table.schema(), version, new BufferedEvent(row, message.delivery(), message.stream()));
    }

    public void routeError(Incoming message) {
        JsonNode body = null;
        try {
            body = JSON.readTree(message.body());
        } catch (JacksonException e) {
            // Kept as an unreadable envelope below.
        }
        if (body == null || !body.isObject()) {
            toErrorLake(message, typeOfError(message, null), eventId(message),
                    instant(message.header(InletHeaders.RECEIVED_AT), message.storedAt()),
                    message.header(InletHeaders.SOURCE), "unreadable error envelope", List.of(), null);
            return;
        }
        String eventId = firstNonBlank(text(body, "eventId"), eventId(message));
        Instant receivedAt = instant(firstNonBlank(text(body, "receivedAt"), message.header(InletHeaders.RECEIVED_AT)),
                message.storedAt());
        List<Violation> violations = new ArrayList<>();
        JsonNode list = body.get("violations");
        if (list != null && list.isArray()) {
            for (JsonNode v : list) {
                violations.add(new Violation(nonNull(text(v, "pointer")), nonNull(text(v, "keyword")),
                        nonNull(text(v, "message"))));
            }
        }
        String payload = text(body, "payload");
        String encoding = text(body, "payloadEncoding");
        String failedAt = text(body, "failedAt");
        Long schemaId = longValue(firstNonBlank(text(body, "schemaId"), message.header(InletHeaders.SCHEMA_ID)));
        Integer version = integer(firstNonBlank(text(body, "schemaVersion"),
                message.header(InletHeaders.SCHEMA_VERSION)));
        ErrorRow row = new ErrorRow(eventId, receivedAt,
                firstNonBlank(text(body, "source"), message.header(InletHeaders.SOURCE)),
                firstNonBlank(text(body, "stage"), message.header(InletHeaders.ERROR_STAGE), "unknown"),
                text(body, "reason"), violations, schemaId, version,
                payload, payload == null ? null : firstNonBlank(encoding, ErrorEnvelope.ENCODING_UTF8),
                firstNonBlank(text(body, "subject"), message.subject()),
                instant(failedAt, message.storedAt()));
        appendError(typeOfError(message, text(body, "eventType")), row, message);
    }

    private String typeOfError(Incoming message, String fromBody) {
        String name = firstNonBlank(fromBody, message.header(InletHeaders.EVENT_TYPE),
                tail(message.subject(), errorsPrefix));
        return EventType.isValid(name) ? name : ErrorEnvelope.UNROUTABLE_TYPE.name();
    }

    private void toErrorLake(Incoming message, String eventType, String eventId, Instant receivedAt, String source,
                             String reason, List<Violation> violations, Integer version) {
        String[] payload = ErrorEnvelope.encodePayload(message.body());
        ErrorRow row = new ErrorRow(eventId, receivedAt, source, ErrorRow.STAGE_LAKE, reason, violations,
                longValue(message.header(InletHeaders.SCHEMA_ID)), version, payload[0], payload[1],
                message.subject(), Instant.now());
        appendError(eventType, row, message);
    }

    private void appendError(String eventType, ErrorRow row, Incoming message) {
        buffers.append(new BufferKey(Lake.ERRORS, eventType, eventType, Partition.of(row.receivedAt())),
                TableSchema.ERRORS, 0, new BufferedEvent(row, message.delivery(), message.stream()));
    }

    /** The event id, else one derived from the message's place in its stream (stable across redeliveries). */
    private static String eventId(Incoming message) {
        String id = message.header(InletHeaders.EVENT_ID);
        if (id == null || id.isBlank()) {
            id = message.header(InletHeaders.NATS_MSG_ID);
        }
        return id == null || id.isBlank()
                ? "nats:" + message.stream() + ":" + message.delivery().streamSequence() : id;
    }

    private static Instant instant(String text, Instant fallback) {
        if (text != null && !text.isBlank()) {
            try {
                return Instant.parse(text);
            } catch (RuntimeException e) {
                try {
                    return java.time.OffsetDateTime.parse(text).toInstant();
                } catch (RuntimeException ignored) {
                    // fall back
                }
            }
        }
        return fallback;
    }

    private static Integer integer(String text) {
        try {
            return text == null || text.isBlank() ? null : Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String text) {
        try {
            return text == null || text.isBlank() ? null : Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asString() : value.toString();
    }

    private static String tail(String subject, String prefix) {
        return subject != null && subject.startsWith(prefix) ? subject.substring(prefix.length()) : null;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    private static String oneLine(String text) {
        String line = String.valueOf(text).replace('\n', ' ').replace('\r', ' ');
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
