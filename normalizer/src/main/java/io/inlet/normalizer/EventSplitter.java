package io.inlet.normalizer;

import io.inlet.contracts.EventIds;
import io.inlet.normalizer.Problem.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Finds the events in a body with a streaming parser: no tree is built, every limit is checked as the
 * tokens go by, and each event is located by byte offsets so that exactly the producer's JSON is kept.
 * Every string is decoded once, which also proves the body is valid UTF-8. Strict JSON only: no
 * comments, NaN, single quotes or duplicate property names. Nothing is thrown for bad input: problems
 * come back as values ({@link Split}).
 *
 * <p>Two ways to meet a bad event: {@link #allOrNothing} stops at the first problem (the gateway answers
 * the whole request with it); {@link #perEvent} rejects only that event where the body can still be
 * read past it (an array element or NDJSON line that is not an object, too deep, too long, a bad id) and
 * goes on. Malformed JSON in an array or a single object, too many events, an empty body and CloudEvents
 * problems always reject the whole body: past them nothing can be located reliably.
 */
public final class EventSplitter {

    private final NormalizerLimits limits;
    private final String idField;
    private final boolean stopAtFirst;
    private final JsonFactory factory;

    private EventSplitter(NormalizerLimits limits, String idField, boolean stopAtFirst) {
        this.limits = limits;
        this.idField = idField;
        this.stopAtFirst = stopAtFirst;
        StreamReadConstraints defaults = StreamReadConstraints.defaults();
        // Jackson's own guards sit just above ours, so the precise limit problem is the one that fires; reading on
        // past a bad event needs room beyond our limits, so then they are at least Jackson's defaults.
        int depth = limits.maxDepth() + 2;
        int string = Math.max(limits.maxStringLength() + 1, 1024);
        int name = string;
        if (!stopAtFirst) {
            depth = Math.max(depth, defaults.getMaxNestingDepth());
            string = Math.max(string, defaults.getMaxStringLength());
            name = Math.max(name, defaults.getMaxNameLength());
        }
        this.factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(depth)
                        .maxStringLength(string)
                        .maxNameLength(name)
                        .maxDocumentLength(limits.maxBodySize() == Long.MAX_VALUE ? Long.MAX_VALUE
                                : limits.maxBodySize() + 1)
                        .build())
                .build();
    }

    /**
     * A splitter that stops at the first problem, of the body or of an event.
     *
     * @param idField the top-level property holding the client's event id, or {@code null} for none
     */
    public static EventSplitter allOrNothing(NormalizerLimits limits, String idField) {
        return new EventSplitter(limits, idField, true);
    }

    /** A splitter that rejects a bad event alone wherever the body can be read past it. */
    public static EventSplitter perEvent(NormalizerLimits limits, String idField) {
        return new EventSplitter(limits, idField, false);
    }

    public NormalizerLimits limits() {
        return limits;
    }

    /** The events of {@code body[0, length)}. */
    public Split split(SplitFormat format, byte[] body, int length) {
        if (isBlank(body, 0, length)) {
            return Split.rejected(Problem.of(Kind.EMPTY_BODY, "The body is empty; send at least one event"));
        }
        if (length > limits.maxBodySize()) {
            return Split.rejected(Problem.limit(Kind.BODY_TOO_LARGE, limits.maxBodySize(), "The body is " + length
                    + " bytes; max-body-size is " + limits.maxBodySize() + " bytes"));
        }
        int invalid = Utf8.firstInvalid(body, 0, length);
        if (invalid >= 0) {
            return Split.rejected(Problem.of(Kind.INVALID_UTF8, "The body is not valid UTF-8: byte " + invalid
                    + " (0x" + Integer.toHexString(body[invalid] & 0xff) + ") does not start a valid sequence")
                    .atByte(invalid));
        }
        try {
            return new Split(switch (format) {
                case JSON -> parseJson(body, length, false, false);
                case AUTO -> {
                    List<SplitEvent> json = parseJson(body, length, false, true);
                    yield json != null ? json : parseNdjson(body, length);
                }
                case CLOUDEVENTS_BATCH -> parseJson(body, length, true, false);
                case CLOUDEVENT -> parseSingle(body, length, true);
                case SINGLE_OBJECT -> parseSingle(body, length, false);
                case NDJSON -> parseNdjson(body, length);
            }, null);
        } catch (Stop stop) {
            return Split.rejected(stop.problem);
        }
    }

    /**
     * Checks an event id by the one id rule ({@link EventIds#problemWith}): 1 to max-id-length visible ASCII
     * characters.
     *
     * @return the problem, or {@code null} when the id is fine
     */
    public Problem problemWithId(String id, int index) {
        if (id.length() > limits.maxIdLength()) {
            return Problem.limit(Kind.ID_TOO_LONG, limits.maxIdLength(), "Event " + index + ": the id is "
                    + id.length() + " characters; max-id-length is " + limits.maxIdLength()).atEvent(index, null);
        }
        if (EventIds.problemWith(id, limits.maxIdLength()) != null) {
            return Problem.of(Kind.INVALID_ID, "Event " + index
                    + ": an id must be 1 or more visible ASCII characters (no spaces or control characters)")
                    .atEvent(index, null);
        }
        return null;
    }

    /** {@code null} when {@code auto} and a second value starts on a later line: the body is NDJSON. */
    private List<SplitEvent> parseJson(byte[] body, int length, boolean cloudEvents, boolean auto) {
        List<SplitEvent> events = new ArrayList<>();
        int index = 0;
        try (JsonParser parser = factory.createParser(body, 0, length)) {
            JsonToken root = parser.nextToken();
            if (root == JsonToken.START_OBJECT && !cloudEvents) {
                events.add(walkEvent(parser, body, 0, 0, ""));
            } else if (root == JsonToken.START_ARRAY) {
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (token != JsonToken.START_OBJECT) {
                        Problem problem = JsonProblems.notAnObject(parser, token, index, "/" + index,
                                cloudEvents ? "CloudEvent" : "event");
                        if (stopAtFirst || cloudEvents) {
                            throw new Stop(problem);
                        }
                        checkCount(index);
                        events.add(skipValue(parser, body, token, index, problem));
                    } else {
                        checkCount(index);
                        events.add(cloudEvents ? walkCloudEvent(parser, body, 0, index)
                                : walkEvent(parser, body, 0, index, "/" + index));
                    }
                    index++;
                }
                if (events.isEmpty()) {
                    throw new Stop(Problem.of(Kind.EMPTY_BATCH, "The batch is an empty array; send at least one "
                            + (cloudEvents ? "CloudEvent" : "event")));
                }
            } else {
                throw new Stop(JsonProblems.notAnObject(parser, root, null, null, cloudEvents
                        ? "batch of CloudEvents (a JSON array)"
                        : "event (a JSON object) or batch (a JSON array of objects)"));
            }
            int endLine = parser.currentTokenLocation().getLineNr();
            JsonToken next = parser.nextToken();
            if (next != null) {
                if (auto && parser.currentTokenLocation().getLineNr() > endLine) {
                    return null;
                }
                throw new Stop(JsonProblems.trailing(parser, next));
            }
            return events;
        } catch (JacksonException e) {
            throw new Stop(JsonProblems.malformed(e, index, null));
        }
    }

    private List<SplitEvent> parseSingle(byte[] body, int length, boolean cloudEvent) {
        try (JsonParser parser = factory.createParser(body, 0, length)) {
            JsonToken root = parser.nextToken();
            if (root != JsonToken.START_OBJECT) {
                throw new Stop(JsonProblems.notAnObject(parser, root, null, null,
                        cloudEvent ? "CloudEvent (a JSON object)" : "event (a JSON object) as the CloudEvent data"));
            }
            SplitEvent event = cloudEvent ? walkCloudEvent(parser, body, 0, 0) : walkEvent(parser, body, 0, 0, "");
            JsonToken next = parser.nextToken();
            if (next != null) {
                throw new Stop(JsonProblems.trailing(parser, next));
            }
            return List.of(event);
        } catch (JacksonException e) {
            throw new Stop(JsonProblems.malformed(e, 0, null));
        }
    }

    private List<SplitEvent> parseNdjson(byte[] body, int length) {
        List<SplitEvent> events = new ArrayList<>();
        int lineStart = 0;
        int lineNumber = 0;
        while (lineStart < length) {
            lineNumber++;
            int lineEnd = lineStart;
            while (lineEnd < length && body[lineEnd] != '\n') {
                lineEnd++;
            }
            int contentEnd = lineEnd > lineStart && body[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (!isBlank(body, lineStart, contentEnd)) {
                int index = events.size();
                checkCount(index);
                events.add(parseNdjsonLine(body, lineStart, contentEnd - lineStart, index, lineNumber));
            }
            lineStart = lineEnd + 1;
        }
        if (events.isEmpty()) {
            throw new Stop(Problem.of(Kind.EMPTY_BATCH, "The NDJSON body has no events (only blank lines)"));
        }
        return events;
    }

    private SplitEvent parseNdjsonLine(byte[] body, int offset, int length, int index, int lineNumber) {
        Problem problem;
        try (JsonParser parser = factory.createParser(body, offset, length)) {
            JsonToken root = parser.nextToken();
            if (root != JsonToken.START_OBJECT) {
                problem = JsonProblems.notAnObject(parser, root, index, null, "event (one JSON object per line)")
                        .at(lineNumber, null);
            } else {
                SplitEvent event = walkEvent(parser, body, offset, index, null);
                if (parser.nextToken() == null) {
                    return event.problem() == null ? event : rejectedLine(body, offset, length, index,
                            event.problem().at(lineNumber, null));
                }
                problem = Problem.of(Kind.TRAILING_CONTENT, "Line " + lineNumber
                        + " holds more than one JSON value; NDJSON carries exactly one event per line")
                        .atEvent(index, null).at(lineNumber, null);
            }
        } catch (JacksonException e) {
            problem = JsonProblems.malformed(e, index, lineNumber);
        }
        return rejectedLine(body, offset, length, index, report(problem));
    }

    private static SplitEvent rejectedLine(byte[] body, int offset, int length, int index, Problem problem) {
        int from = offset;
        int to = offset + length;
        while (from < to && isWhitespace(body[from])) {
            from++;
        }
        while (to > from && isWhitespace(body[to - 1])) {
            to--;
        }
        return new SplitEvent(index, body, from, to - from, null, null, Map.of(), problem);
    }

    /** In all-or-nothing mode a problem ends the split; else it is returned to be kept with its event. */
    private Problem report(Problem problem) {
        if (stopAtFirst) {
            throw new Stop(problem);
        }
        return problem;
    }

    /** Skips a value that is no object (the parser is on its first token) and keeps it as a rejected event. */
    private SplitEvent skipValue(JsonParser parser, byte[] body, JsonToken token, int index, Problem problem) {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        int end;
        if (token == JsonToken.START_ARRAY) {
            parser.skipChildren();
            end = (int) parser.currentTokenLocation().getByteOffset() + 1;
        } else {
            parser.finishToken();
            end = (int) parser.currentLocation().getByteOffset();
            while (end > start + 1 && (isWhitespace(body[end - 1]) || body[end - 1] == ',' || body[end - 1] == ']')) {
                end--;
            }
        }
        return new SplitEvent(index, body, start, end - start, null, null, Map.of(), problem);
    }

    /**
     * Walks one event object; the parser is on its START_OBJECT and is left on the matching END_OBJECT.
     * {@code base} is where the parser's input starts in {@code body}. In per-event mode the first problem is
     * kept with the event and the walk goes on to the event's end.
     */
    private SplitEvent walkEvent(JsonParser parser, byte[] body, int base, int index, String pointer) {
        Walk walk = new Walk(index, pointer);
        int start = base + (int) parser.currentTokenLocation().getByteOffset();
        int depth = 1;
        checkDepth(parser, depth, walk);
        String clientId = null;
        boolean idValueNext = false;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new Stop(Problem.of(Kind.TRUNCATED_JSON, "The JSON ends inside event " + index)
                        .atEvent(index, pointer));
            }
            if (idValueNext) {
                idValueNext = false;
                clientId = idValue(parser, token, walk);
            }
            switch (token) {
                case START_OBJECT, START_ARRAY -> checkDepth(parser, ++depth, walk);
                case END_OBJECT, END_ARRAY -> depth--;
                case PROPERTY_NAME -> {
                    String name = parser.currentName();
                    checkStringLength(parser, name.length(), walk);
                    idValueNext = depth == 1 && name.equals(idField);
                }
                case VALUE_STRING -> checkStringLength(parser, parser.getStringLength(), walk);
                default -> {
                }
            }
        }
        int end = base + (int) parser.currentTokenLocation().getByteOffset() + 1;
        int length = end - start;
        if (length > limits.maxEventSize()) {
            walk.problem(Problem.limit(Kind.EVENT_TOO_LARGE, limits.maxEventSize(), "Event " + index + " is " + length
                    + " bytes; max-event-size is " + limits.maxEventSize() + " bytes"));
        }
        return new SplitEvent(index, body, start, length, walk.problem == null ? clientId : null, null, Map.of(),
                walk.problem);
    }

    private String idValue(JsonParser parser, JsonToken token, Walk walk) {
        return switch (token) {
            case VALUE_STRING, VALUE_NUMBER_INT -> {
                String id = parser.getString();
                Problem problem = problemWithId(id, walk.index);
                if (problem != null) {
                    walk.problem(problem);
                    yield null;
                }
                yield id;
            }
            case VALUE_NULL -> null;
            default -> {
                walk.problem(Problem.of(Kind.INVALID_ID, "Event " + walk.index + ": '" + idField
                        + "' must be a string or an integer, was " + JsonProblems.describe(token)));
                yield null;
            }
        };
    }

    /**
     * Walks a structured CloudEvent; the parser is on its START_OBJECT and is left on its END_OBJECT. Any problem of
     * a CloudEvent rejects the whole body.
     */
    private SplitEvent walkCloudEvent(JsonParser parser, byte[] body, int base, int index) {
        Map<String, String> attributes = new LinkedHashMap<>();
        SplitEvent data = null;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("data")) {
                if (value != JsonToken.START_OBJECT) {
                    throw invalidCloudEvent("CloudEvent " + index + ": 'data' must be a JSON object (the event), was "
                            + JsonProblems.describe(value), index);
                }
                data = walkEvent(parser, body, base, index, null);
                if (data.problem() != null) {
                    throw new Stop(data.problem());
                }
            } else if (name.equals("data_base64")) {
                throw new Stop(Problem.of(Kind.CLOUDEVENT_DATA_BASE64, "CloudEvent " + index
                        + " carries data_base64; the gateway takes JSON events only, in 'data'").atEvent(index, null));
            } else {
                if (!CloudEventRules.ATTRIBUTE_NAME.matcher(name).matches()) {
                    throw invalidCloudEvent("CloudEvent " + index + ": '" + Problem.printable(name)
                            + "' is not a valid attribute name (lower-case letters and digits)", index);
                }
                String text = switch (value) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getString();
                    case VALUE_TRUE -> "true";
                    case VALUE_FALSE -> "false";
                    case VALUE_NULL -> null;
                    default -> throw invalidCloudEvent("CloudEvent " + index + ": attribute '" + name
                            + "' must be a string, number or boolean, was " + JsonProblems.describe(value), index);
                };
                if (text != null) {
                    checkAttributeValue(name, text, index);
                    attributes.put(name, text);
                }
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new Stop(Problem.of(Kind.MALFORMED_JSON, "CloudEvent " + index + " is not a JSON object")
                    .atEvent(index, null));
        }
        for (String required : CloudEventRules.REQUIRED_ATTRIBUTES) {
            if (!attributes.containsKey(required) || attributes.get(required).isEmpty()) {
                throw invalidCloudEvent("CloudEvent " + index + " lacks the required attribute '" + required + "'",
                        index);
            }
        }
        checkSpecVersion(attributes.get("specversion"), index);
        String contentType = attributes.get("datacontenttype");
        if (contentType != null && !CloudEventRules.isJsonMediaType(contentType)) {
            throw new Stop(Problem.of(Kind.CLOUDEVENT_CONTENT_TYPE, "CloudEvent " + index + " declares datacontenttype '"
                    + Problem.printable(contentType) + "'; the gateway takes JSON events only").atEvent(index, null));
        }
        if (data == null) {
            throw invalidCloudEvent("CloudEvent " + index + " has no 'data': the event must be its data", index);
        }
        String id = attributes.get("id");
        Problem idProblem = problemWithId(id, index);
        if (idProblem != null) {
            throw new Stop(idProblem);
        }
        return new SplitEvent(index, body, data.offset(), data.length(), id, attributes.get("type"),
                Collections.unmodifiableMap(attributes), null);
    }

    private static void checkSpecVersion(String version, int index) {
        Problem problem = CloudEventRules.problemWithSpecVersion(version, index);
        if (problem != null) {
            throw new Stop(problem);
        }
    }

    private static void checkAttributeValue(String name, String value, int index) {
        Problem problem = CloudEventRules.problemWithAttributeValue(name, value, index);
        if (problem != null) {
            throw new Stop(problem);
        }
    }

    private void checkCount(int index) {
        if (index >= limits.maxEvents()) {
            throw new Stop(Problem.limit(Kind.TOO_MANY_EVENTS, limits.maxEvents(), "The body holds more than "
                    + limits.maxEvents() + " events; split it"));
        }
    }

    private void checkDepth(JsonParser parser, int depth, Walk walk) {
        if (depth > limits.maxDepth() && walk.problem == null) {
            TokenStreamLocation at = parser.currentTokenLocation();
            walk.problem(Problem.limit(Kind.TOO_DEEP, limits.maxDepth(), "Event " + walk.index
                    + " nests objects and arrays deeper than max-depth " + limits.maxDepth())
                    .at(at.getLineNr(), at.getColumnNr()));
        }
    }

    private void checkStringLength(JsonParser parser, int length, Walk walk) {
        if (length > limits.maxStringLength() && walk.problem == null) {
            TokenStreamLocation at = parser.currentTokenLocation();
            walk.problem(Problem.limit(Kind.STRING_TOO_LONG, limits.maxStringLength(), "Event " + walk.index
                    + " has a string of " + length + " characters; max-string-length is " + limits.maxStringLength())
                    .at(at.getLineNr(), at.getColumnNr()));
        }
    }

    private static Stop invalidCloudEvent(String message, int index) {
        return new Stop(Problem.of(Kind.INVALID_CLOUDEVENT, message).atEvent(index, null));
    }

    private static boolean isBlank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isWhitespace(body[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /** One event's walk: its first problem, kept (per-event mode) or ending the split (all-or-nothing). */
    private final class Walk {
        private final int index;
        private final String pointer;
        private Problem problem;

        Walk(int index, String pointer) {
            this.index = index;
            this.pointer = pointer;
        }

        void problem(Problem found) {
            Problem located = found.atEvent(index, pointer);
            if (stopAtFirst) {
                throw new Stop(located);
            }
            if (problem == null) {
                problem = located;
            }
        }
    }

    /** Ends a split with its problem; never leaves this class. */
    private static final class Stop extends RuntimeException {
        private final transient Problem problem;

        Stop(Problem problem) {
            super(null, null, false, false);
            this.problem = problem;
        }
    }
}
