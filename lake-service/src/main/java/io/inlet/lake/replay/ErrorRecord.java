package io.inlet.lake.replay;

import io.inlet.contracts.Violation;
import io.inlet.lake.buffer.ErrorRow;
import io.inlet.lake.schema.TableSchema;
import io.inlet.lake.read.LakeFileReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.parquet.example.data.Group;
import tools.jackson.databind.json.JsonMapper;

/**
 * One row of an error-lake file as a replay reads it back (the columns {@link ErrorRow} wrote).
 *
 * @param fileId   the file's commit-log id
 * @param position the row's position in the file
 * @param payload  the original bytes (decoded from base64 when the row kept them so)
 * @param apiKeyId, requestId, attributes the event's envelope; null and empty on rows of files written before the
 *                  error lake kept it
 */
public record ErrorRecord(long fileId, long position, String eventId, Instant receivedAt, String source,
                          String stage, String reason, List<Violation> violations, Integer schemaVersion,
                          byte[] payload, String apiKeyId, String requestId, Map<String, String> attributes) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static ErrorRecord of(long fileId, LakeFileReader.Row row) {
        Group g = row.columns();
        Long version = LakeFileReader.int64(g, "schema_version");
        Instant received = LakeFileReader.timestamp(g, TableSchema.RECEIVED_AT);
        String payload = LakeFileReader.string(g, "payload");
        byte[] bytes = payload == null ? new byte[0]
                : ErrorRow.ENCODING_BASE64.equals(LakeFileReader.string(g, "payload_encoding"))
                        ? Base64.getDecoder().decode(payload) : payload.getBytes(StandardCharsets.UTF_8);
        return new ErrorRecord(fileId, row.position(), LakeFileReader.string(g, TableSchema.EVENT_ID),
                received == null ? Instant.EPOCH : received, LakeFileReader.string(g, TableSchema.SOURCE),
                LakeFileReader.string(g, "stage"), LakeFileReader.string(g, "reason"), violationsOf(g),
                version == null ? null : version.intValue(), bytes, LakeFileReader.string(g, "api_key_id"),
                LakeFileReader.string(g, "request_id"), attributesOf(LakeFileReader.string(g, "attributes")));
    }

    /** The {@code attributes} column: a JSON object of strings, or null. */
    static Map<String, String> attributesOf(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        Map<String, String> attributes = new TreeMap<>();
        JSON.readTree(json).properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asString()));
        return attributes;
    }

    /**
     * The {@code violations} column of an error row: a 3-level LIST (the group, its repeated {@code list}, each
     * {@code element}).
     */
    public static List<Violation> violationsOf(Group g) {
        if (!LakeFileReader.has(g, "violations")) {
            return List.of();
        }
        Group list = g.getGroup("violations", 0);
        String repeated = list.getType().getType(0).getName();
        List<Violation> out = new ArrayList<>();
        for (int i = 0; i < list.getFieldRepetitionCount(repeated); i++) {
            Group entry = list.getGroup(repeated, i);
            Group element = entry.getType().getFieldCount() == 1 && !entry.getType().getType(0).isPrimitive()
                    ? (LakeFileReader.has(entry, entry.getType().getType(0).getName())
                            ? entry.getGroup(0, 0) : null) : entry;
            if (element != null) {
                out.add(new Violation(nonNull(LakeFileReader.string(element, "pointer")),
                        nonNull(LakeFileReader.string(element, "keyword")),
                        nonNull(LakeFileReader.string(element, "message"))));
            }
        }
        return out;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
