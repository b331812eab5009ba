package io.inlet.consumer.normalize;

import io.inlet.contracts.EventIds;
import io.inlet.contracts.EventType;
import io.inlet.contracts.InletHeaders;
import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FramedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one raw JSON message, as services publish it straight to NATS, into events with ids, envelopes and
 * origins, or into rejections.
 *
 * <p>Accepted bodies: one JSON object; a JSON array of objects; NDJSON (one object per line). The event type is
 * the subject's tail ({@code inlet.raw.<type>}). Headers, all optional: {@code inlet-event-id} (the event's id;
 * with several events in the body, event {@code i} gets {@code <id>-<i>}, see {@link EventIds#derived}),
 * {@code inlet-schema-version} (pin), and CloudEvents {@code ce-*} headers, which every event of the message keeps
 * as its attributes (names without {@code ce-}). Events without an id get {@link EventIds#fallback} of the message
 * and their position, the same on every redelivery. Every event, rejected or not, gets the origin of its position
 * in the message.
 *
 * <p>Nothing here throws for bad input: a body that is not JSON, or a bad header, rejects the whole message; an
 * array element or NDJSON line that is not a JSON object rejects only that event.
 */
public final class RawMessageNormalizer {

    static final String SOURCE_NATS = "nats";
    static final String STAGE_DECODE = FrameFailure.STAGE_DECODE;
    private static final String CLOUDEVENTS_PREFIX = "ce-";

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

    public Decoded normalize(RawMessage raw, Instant now) {
        Context context;
        try {
            context = context(raw, now);
        } catch (RejectedMessage e) {
            return e.decoded;
        }
        byte[] body = trim(raw.body(), 0, raw.body().length);
        if (body.length == 0) {
            return context.rejectMessage("empty body", new Violation("", "empty", "the message body is empty"));
        }
        JsonNode whole;
        try {
            whole = json.readTree(body);
        } catch (JacksonException e) {
            return ndjsonOrReject(context, body, e);
        }
        if (whole.isObject()) {
            return context.event(0, 1, body).decoded();
        }
        if (whole.isArray()) {
            int limit = properties.eventsPerMessageLimit();
            if (whole.size() > limit) {
                return context.rejectMessage(whole.size() + " events in one message",
                        new Violation("", "maxEvents", "the message holds " + whole.size()
                                + " events; at most " + limit + " are accepted"));
            }
            for (int i = 0; i < whole.size(); i++) {
                JsonNode element = whole.get(i);
                if (element.isObject()) {
                    context.event(i, whole.size(), json.writeValueAsBytes(element));
                } else {
                    context.rejectEvent(i, whole.size(), json.writeValueAsBytes(element), new Violation("/" + i,
                            "not-an-object", "array element " + i + " is " + kind(element) + ", not a JSON object"));
                }
            }
            return context.decoded();
        }
        return context.rejectMessage("body is " + kind(whole) + ", not a JSON object",
                new Violation("", "not-an-object", "the body must be a JSON object, an array of objects or NDJSON; it is "
                        + kind(whole)));
    }

    /**
     * The body is not one JSON value: it is NDJSON if its first line is a JSON value on its own and
     * more lines follow; otherwise the whole message is undecodable.
     */
    private Decoded ndjsonOrReject(Context context, byte[] body, JacksonException wholeError) {
        List<byte[]> lines = nonBlankLines(body);
        if (lines.size() < 2 || !parses(lines.get(0))) {
            return context.rejectMessage("body is not valid JSON", new Violation("", "json", describe(wholeError)));
        }
        int limit = properties.eventsPerMessageLimit();
        if (lines.size() > limit) {
            return context.rejectMessage(lines.size() + " events in one message", new Violation("", "maxEvents",
                    "the message holds " + lines.size() + " lines; at most " + limit + " are accepted"));
        }
        for (int i = 0; i < lines.size(); i++) {
            byte[] line = lines.get(i);
            try {
                JsonNode node = json.readTree(line);
                if (node.isObject()) {
                    context.event(i, lines.size(), line);
                } else {
                    context.rejectEvent(i, lines.size(), line, new Violation("", "not-an-object",
                            "NDJSON line " + (i + 1) + " is " + kind(node) + ", not a JSON object"));
                }
            } catch (JacksonException e) {
                context.rejectEvent(i, lines.size(), line, new Violation("", "json",
                        "NDJSON line " + (i + 1) + ": " + describe(e)));
            }
        }
        return context.decoded();
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
        Instant receivedAt = raw.receivedAt(now);
        Map<String, String> attributes = attributes(raw);
        Context partial = new Context(raw, raw.typeOrUnroutable(), null, receivedAt, null, attributes, now);
        if (raw.type().isEmpty()) {
            throw new RejectedMessage(partial.rejectMessage("subject does not name a valid event type",
                    new Violation("", "subject", raw.unroutableProblem())));
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
        if (eventId != null && EventIds.problemWith(eventId, properties.maxEventIdLength()) != null) {
            throw new RejectedMessage(partial.rejectMessage("bad header " + InletHeaders.EVENT_ID,
                    headerViolation(InletHeaders.EVENT_ID, eventId, "1 to " + properties.maxEventIdLength()
                            + " visible ASCII characters (" + EventIds.problemWith(eventId,
                            properties.maxEventIdLength()) + ")")));
        }
        return new Context(raw, raw.typeOrUnroutable(), eventId, receivedAt, version, attributes, now);
    }

    /** The CloudEvents attributes of the message: its {@code ce-*} headers, named without the prefix. */
    private static Map<String, String> attributes(RawMessage raw) {
        Map<String, String> attributes = null;
        for (Map.Entry<String, Object> header : raw.headers().entrySet()) {
            String name = header.getKey();
            if (name.length() > CLOUDEVENTS_PREFIX.length()
                    && name.regionMatches(true, 0, CLOUDEVENTS_PREFIX, 0, CLOUDEVENTS_PREFIX.length())
                    && header.getValue() != null) {
                if (attributes == null) {
                    attributes = new TreeMap<>();
                }
                attributes.put(name.substring(CLOUDEVENTS_PREFIX.length()).toLowerCase(Locale.ROOT),
                        header.getValue().toString());
            }
        }
        return attributes == null ? Map.of() : attributes;
    }

    private static Violation headerViolation(String header, String value, String expected) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return new Violation("", "header", "header " + header + " must be " + expected + ", was '" + shown + "'");
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

    /** What every event of one raw message shares, and what became of its events so far. */
    private static final class Context {

        private final RawMessage raw;
        private final EventType type;
        private final String producerId;
        private final Instant receivedAt;
        private final Integer schemaVersion;
        private final Map<String, String> attributes;
        private final Instant now;
        private final List<FramedEvent> events = new ArrayList<>();
        private final List<FramedEvent> rejected = new ArrayList<>();
        private String basis;

        Context(RawMessage raw, EventType type, String producerId, Instant receivedAt, Integer schemaVersion,
                Map<String, String> attributes, Instant now) {
            this.raw = raw;
            this.type = type;
            this.producerId = producerId;
            this.receivedAt = receivedAt;
            this.schemaVersion = schemaVersion;
            this.attributes = attributes;
            this.now = now;
        }

        Context event(int position, int count, byte[] body) {
            events.add(framed(eventId(position, count), position, count, null, body));
            return this;
        }

        /** With one event in the message the producer's id is the event's id; with more, {@code <id>-<position>}. */
        private String eventId(int position, int count) {
            return producerId == null ? EventIds.fallback(basis(), position)
                    : EventIds.derived(producerId, position, count);
        }

        void rejectEvent(int position, int count, byte[] payload, Violation violation) {
            rejected.add(framed(eventId(position, count), position, count, failure(violation.message(), violation),
                    payload));
        }

        /** The whole message rejected as one event, with the message's bytes. */
        Decoded rejectMessage(String reason, Violation violation) {
            String id = producerId != null ? producerId : EventIds.fallbackForMessage(basis());
            return Decoded.rejected(type, framed(id, 0, 1, failure(reason, violation), raw.body()));
        }

        private String basis() {
            if (basis == null) {
                basis = raw.idBasis();
            }
            return basis;
        }

        Decoded decoded() {
            return new Decoded(type, events, rejected);
        }

        private FrameFailure failure(String reason, Violation violation) {
            return new FrameFailure(STAGE_DECODE, reason, List.of(violation), raw.subject(), now);
        }

        private FramedEvent framed(String id, int position, int count, FrameFailure failure, byte[] payload) {
            return new FramedEvent(id, receivedAt, SOURCE_NATS, schemaVersion, null, null, null, attributes,
                    raw.origin(position, count), failure, payload);
        }
    }

    /** Carries a whole-message rejection out of header parsing. */
    private static final class RejectedMessage extends RuntimeException {
        private final transient Decoded decoded;

        RejectedMessage(Decoded decoded) {
            super(null, null, false, false);
            this.decoded = decoded;
        }
    }
}
