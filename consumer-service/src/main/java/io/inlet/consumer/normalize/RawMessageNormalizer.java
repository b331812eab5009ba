package io.inlet.consumer.normalize;

import io.inlet.contracts.ErrorEnvelope;
import io.inlet.contracts.EventMetadata;
import io.inlet.contracts.EventType;
import io.inlet.contracts.InletHeaders;
import io.inlet.contracts.Subjects;
import io.inlet.contracts.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one raw message into single events with ids and envelope metadata, or into errors.
 *
 * <p>Accepted bodies: one JSON object; a JSON array of objects; NDJSON (one object per line). The
 * event type is the subject's tail ({@code inlet.raw.<type>}). Headers, all optional:
 * {@code inlet-event-id} (the event's id; with several events in the body, event {@code i} gets
 * {@code <id>-<i>}), {@code inlet-schema-version} (pin), and the gateway's envelope headers
 * ({@code inlet-received-at}, {@code inlet-source}, {@code inlet-api-key-id}, {@code inlet-request-id}).
 *
 * <p>Nothing here throws for bad input: a body that is not JSON, or a bad header, rejects the whole
 * message; an array element or NDJSON line that is not a JSON object rejects only that event.
 */
public final class RawMessageNormalizer {

    static final String SOURCE_NATS = "nats";

    private final JsonMapper json;
    private final NormalizeProperties properties;

    public RawMessageNormalizer(NormalizeProperties properties) {
        this.properties = properties;
        this.json = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // keep numbers exactly as sent when array elements are written back out
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    public List<Outcome> normalize(RawMessage raw, Instant now) {
        Context context;
        try {
            context = context(raw, now);
        } catch (RejectedMessage e) {
            return List.of(e.outcome);
        }
        byte[] body = trim(raw.body(), 0, raw.body().length);
        if (body.length == 0) {
            return List.of(context.rejectMessage("empty body", new Violation("", "empty", "the message body is empty")));
        }
        JsonNode whole;
        try {
            whole = json.readTree(body);
        } catch (JacksonException e) {
            return ndjsonOrReject(context, body, e);
        }
        if (whole.isObject()) {
            return List.of(context.event(0, 1, body));
        }
        if (whole.isArray()) {
            if (whole.size() > properties.maxEventsPerMessage()) {
                return List.of(context.rejectMessage(whole.size() + " events in one message",
                        new Violation("", "maxEvents", "the message holds " + whole.size()
                                + " events; at most " + properties.maxEventsPerMessage() + " are accepted")));
            }
            List<Outcome> outcomes = new ArrayList<>(whole.size());
            for (int i = 0; i < whole.size(); i++) {
                JsonNode element = whole.get(i);
                outcomes.add(element.isObject() ? context.event(i, whole.size(), json.writeValueAsBytes(element))
                        : context.rejectEvent(i, whole.size(), json.writeValueAsBytes(element), new Violation("/" + i, "not-an-object",
                                "array element " + i + " is " + kind(element) + ", not a JSON object")));
            }
            return outcomes;
        }
        return List.of(context.rejectMessage("body is " + kind(whole) + ", not a JSON object",
                new Violation("", "not-an-object", "the body must be a JSON object, an array of objects or NDJSON; it is "
                        + kind(whole))));
    }

    /**
     * The body is not one JSON value: it is NDJSON if its first line is a JSON value on its own and
     * more lines follow; otherwise the whole message is undecodable.
     */
    private List<Outcome> ndjsonOrReject(Context context, byte[] body, JacksonException wholeError) {
        List<byte[]> lines = nonBlankLines(body);
        if (lines.size() < 2 || !parses(lines.get(0))) {
            return List.of(context.rejectMessage("body is not valid JSON",
                    new Violation("", "json", describe(wholeError))));
        }
        if (lines.size() > properties.maxEventsPerMessage()) {
            return List.of(context.rejectMessage(lines.size() + " events in one message", new Violation("", "maxEvents",
                    "the message holds " + lines.size() + " lines; at most " + properties.maxEventsPerMessage()
                            + " are accepted")));
        }
        List<Outcome> outcomes = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            byte[] line = lines.get(i);
            try {
                JsonNode node = json.readTree(line);
                outcomes.add(node.isObject() ? context.event(i, lines.size(), line) : context.rejectEvent(i, lines.size(), line,
                        new Violation("", "not-an-object", "NDJSON line " + (i + 1) + " is " + kind(node)
                                + ", not a JSON object")));
            } catch (JacksonException e) {
                outcomes.add(context.rejectEvent(i, lines.size(), line, new Violation("", "json",
                        "NDJSON line " + (i + 1) + ": " + describe(e))));
            }
        }
        return outcomes;
    }

    private boolean parses(byte[] line) {
        try {
            json.readTree(line);
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }

    private Context context(RawMessage raw, Instant now) {
        var type = Subjects.RAW.eventTypeOf(raw.subject());
        EventIds ids = EventIds.of(raw);
        String source = raw.header(InletHeaders.SOURCE) == null ? SOURCE_NATS : raw.header(InletHeaders.SOURCE);
        Instant receivedAt = now;
        Context partial = new Context(raw, type.orElse(ErrorEnvelope.UNROUTABLE_TYPE), ids, null, source, now, null,
                null, null, now);
        if (type.isEmpty()) {
            String tail = raw.subject() == null ? "" : raw.subject().replaceFirst("^" + Subjects.RAW.prefix() + "\\.?", "");
            throw new RejectedMessage(partial.rejectMessage("subject does not name a valid event type",
                    new Violation("", "subject", "subject '" + raw.subject() + "': " + (tail.isEmpty()
                            ? "no event type" : EventType.problemWith(tail)))));
        }
        String receivedHeader = raw.header(InletHeaders.RECEIVED_AT);
        if (receivedHeader != null) {
            try {
                receivedAt = Instant.parse(receivedHeader);
            } catch (DateTimeParseException e) {
                throw new RejectedMessage(partial.rejectMessage("bad header " + InletHeaders.RECEIVED_AT,
                        headerViolation(InletHeaders.RECEIVED_AT, receivedHeader, "an ISO-8601 UTC instant")));
            }
        }
        Integer version = null;
        String versionHeader = raw.header(InletHeaders.SCHEMA_VERSION);
        if (versionHeader != null) {
            try {
                version = Integer.valueOf(versionHeader.trim());
            } catch (NumberFormatException e) {
                version = -1;
            }
            if (version < 1) {
                throw new RejectedMessage(partial.rejectMessage("bad header " + InletHeaders.SCHEMA_VERSION,
                        headerViolation(InletHeaders.SCHEMA_VERSION, versionHeader, "a positive integer")));
            }
        }
        String eventId = raw.header(InletHeaders.EVENT_ID);
        if (eventId != null && (eventId.length() > properties.maxEventIdLength() || !printable(eventId))) {
            throw new RejectedMessage(partial.rejectMessage("bad header " + InletHeaders.EVENT_ID,
                    headerViolation(InletHeaders.EVENT_ID, eventId, "printable text of at most "
                            + properties.maxEventIdLength() + " characters")));
        }
        return new Context(raw, type.get(), ids, eventId, source, receivedAt, version,
                raw.header(InletHeaders.API_KEY_ID), raw.header(InletHeaders.REQUEST_ID), now);
    }

    private static Violation headerViolation(String header, String value, String expected) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return new Violation("", "header", "header " + header + " must be " + expected + ", was '" + shown + "'");
    }

    private static boolean printable(String text) {
        return text.chars().allMatch(c -> c > 32 && c != 127);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String describe(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        String message = e.getOriginalMessage();
        return (message.length() > 300 ? message.substring(0, 300) + "..." : message) + where;
    }

    private static List<byte[]> nonBlankLines(byte[] body) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                byte[] line = trim(body, start, i);
                if (line.length > 0) {
                    lines.add(line);
                }
                start = i + 1;
            }
        }
        return lines;
    }

    private static byte[] trim(byte[] bytes, int from, int to) {
        while (from < to && isWhitespace(bytes[from])) {
            from++;
        }
        while (to > from && isWhitespace(bytes[to - 1])) {
            to--;
        }
        return from == 0 && to == bytes.length ? bytes : Arrays.copyOfRange(bytes, from, to);
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /** What every event of one raw message shares. */
    private record Context(RawMessage raw, EventType type, EventIds ids, String producerId, String source,
                           Instant receivedAt, Integer schemaVersion, String apiKeyId, String requestId, Instant now) {

        Outcome event(int position, int count, byte[] body) {
            return new Outcome.Normalized(new EventMetadata(eventId(position, count), type, receivedAt, source, schemaVersion,
                    apiKeyId, requestId), body);
        }

        /** With one event in the message the producer's id is the event's id; with more, {@code <id>-<position>}. */
        String eventId(int position, int count) {
            if (producerId == null) {
                return ids.at(position);
            }
            return count == 1 ? producerId : producerId + "-" + position;
        }

        Outcome rejectEvent(int position, int count, byte[] payload, Violation violation) {
            return reject(eventId(position, count), violation.message(), List.of(violation), payload);
        }

        Outcome rejectMessage(String reason, Violation violation) {
            return reject(producerId != null ? producerId : ids.ofMessage(), reason, List.of(violation), raw.body());
        }

        private Outcome reject(String id, String reason, List<Violation> violations, byte[] payload) {
            String[] encoded = ErrorEnvelope.encodePayload(payload);
            return new Outcome.Rejected(new ErrorEnvelope(id, type.name(), ErrorEnvelope.STAGE_DECODE, reason,
                    violations, null, null, encoded[0], encoded[1], raw.subject(), source, receivedAt, now));
        }
    }

    /** Carries a whole-message rejection out of header parsing. */
    private static final class RejectedMessage extends RuntimeException {
        private final transient Outcome outcome;

        RejectedMessage(Outcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }
}
