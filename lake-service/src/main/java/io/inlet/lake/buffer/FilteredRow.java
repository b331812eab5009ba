package io.inlet.lake.buffer;

import io.inlet.contracts.frame.FilteredBy;
import io.inlet.contracts.frame.Origin;
import io.inlet.lake.format.JsonRecordWriter;
import io.inlet.lake.schema.TableSchema;
import java.time.Instant;
import org.apache.parquet.io.api.RecordConsumer;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A valid event a pipeline step filtered, for the filtered table ({@link TableSchema#FILTERED}): its envelope, the
 * step, and its origin. No payload.
 */
public record FilteredRow(String eventId, Instant receivedAt, String source, FilteredBy filteredBy,
                          Integer schemaVersion, String requestId, Origin origin) implements LakeRow {

    /** The table of an event type's filtered events, in the error lake's bucket ({@code @} is in no type name). */
    public static String table(String eventType) {
        return eventType + "@filtered";
    }

    /** Row, strings, buffer entry and delivery, beyond the texts counted. */
    private static final int OVERHEAD = 512;

    /** The record as written, column names as keys. */
    public ObjectNode toRecord() {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put(TableSchema.EVENT_ID, eventId);
        record.put(TableSchema.RECEIVED_AT, receivedAt.toString());
        record.put(TableSchema.SOURCE, source);
        record.put("step", filteredBy.step());
        record.put("step_kind", filteredBy.kind());
        record.put("description", filteredBy.description());
        record.put("pipeline_revision", filteredBy.pipelineRevision());
        record.put("schema_version", schemaVersion);
        record.put("request_id", requestId);
        record.put("origin_stream", origin.stream());
        record.put("origin_sequence", origin.sequence());
        record.put("origin_index", origin.index());
        return record;
    }

    @Override
    public void writeTo(RecordConsumer consumer, TableSchema schema) {
        JsonRecordWriter.write(consumer, schema.root(), toRecord());
    }

    @Override
    public int estimatedBytes() {
        return OVERHEAD + 2 * (eventId.length() + filteredBy.description().length()
                + (requestId == null ? 0 : requestId.length()));
    }
}
