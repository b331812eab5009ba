package io.inlet.gateway.ingest;

import io.inlet.contracts.EventIds;
import io.inlet.gateway.ingest.LimitExceededException.Limit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;

/**
 * Finds the events in a request body with a streaming parser: no tree is built, every limit is
 * checked as the tokens go by, and each event is located by byte offsets so that exactly the
 * producer's JSON is published. Every string is decoded once, which also proves the body is valid
 * UTF-8. Strict JSON only: no comments, NaN, single quotes or duplicate property names.
 */
public final class EventParser {

    /** CloudEvents attribute names: lower-case letters and digits (CloudEvents 1.0, section 3.1.1). */
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z0-9]{1,64}");
    private static final int MAX_ATTRIBUTE_LENGTH = 2048;
    private static final String[] REQUIRED_ATTRIBUTES = {"specversion", "id", "source", "type"};

    private final IngestLimits limits;
    private final String idField;
    private final JsonFactory factory;

    public EventParser(IngestLimits limits, String idField) {
        this.limits = limits;
        this.idField = idField;
        // Jackson's own guards sit just above ours, so the precise limit problem is the one that fires.
        this.factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth() + 2)
                        .maxStringLength(Math.max(limits.maxStringLength() + 1, 1024))
                        .maxNameLength(Math.max(limits.maxStringLength() + 1, 1024))
                        .maxDocumentLength(limits.maxBodySize().toBytes() + 1)
                        .build())
                .build();
    }

    /**
     * The events of a body.
     *
     * @param binaryAttributes for {@link BodyFormat#CLOUDEVENT_BINARY}: the {@code ce-*} headers
     *                         (names without the prefix, lower case); ignored otherwise
     */
    public List<ParsedEvent> parse(BodyFormat format, byte[] body, int length, Map<String, String> binaryAttributes) {
        if (isBlank(body, 0, length)) {
            throw new InvalidEventsException("empty-body", "The request body is empty; send at least one event");
        }
        int invalid = Utf8.firstInvalid(body, 0, length);
        if (invalid >= 0) {
            throw new InvalidEventsException("invalid-utf8", "The body is not valid UTF-8: byte " + invalid
                    + " (0x" + Integer.toHexString(body[invalid] & 0xff) + ") does not start a valid sequence")
                    .withProperty("byteOffset", invalid);
        }
        return switch (format) {
            case JSON -> parseJson(body, length, false);
            case CLOUDEVENTS_BATCH -> parseJson(body, length, true);
            case CLOUDEVENT -> parseSingleCloudEvent(body, length);
            case NDJSON -> parseNdjson(body, length);
            case CLOUDEVENT_BINARY -> List.of(parseBinaryCloudEvent(body, length, binaryAttributes));
        };
    }

    private List<ParsedEvent> parseJson(byte[] body, int length, boolean cloudEvents) {
        List<ParsedEvent> events = new ArrayList<>();
        int index = 0;
        try (JsonParser parser = factory.createParser(body, 0, length)) {
            JsonToken root = parser.nextToken();
            if (root == JsonToken.START_OBJECT && !cloudEvents) {
                events.add(walkEvent(parser, body, 0, 0));
            } else if (root == JsonToken.START_ARRAY) {
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (token != JsonToken.START_OBJECT) {
                        throw notAnObject(parser, token, index, cloudEvents ? "CloudEvent" : "event");
                    }
                    checkCount(index);
                    events.add(cloudEvents ? walkCloudEvent(parser, body, 0, index) : walkEvent(parser, body, 0, index));
                    index++;
                }
                if (events.isEmpty()) {
                    throw new InvalidEventsException("empty-batch", "The batch is an empty array; send at least one "
                            + (cloudEvents ? "CloudEvent" : "event"));
                }
            } else {
                throw notAnObject(parser, root, null, cloudEvents ? "batch of CloudEvents (a JSON array)"
                        : "event (a JSON object) or batch (a JSON array of objects)");
            }
            expectEnd(parser);
            return events;
        } catch (JacksonException e) {
            throw malformed(e, index, null);
        }
    }

    private List<ParsedEvent> parseSingleCloudEvent(byte[] body, int length) {
        try (JsonParser parser = factory.createParser(body, 0, length)) {
            JsonToken root = parser.nextToken();
            if (root != JsonToken.START_OBJECT) {
                throw notAnObject(parser, root, null, "CloudEvent (a JSON object)");
            }
            ParsedEvent event = walkCloudEvent(parser, body, 0, 0);
            expectEnd(parser);
            return List.of(event);
        } catch (JacksonException e) {
            throw malformed(e, 0, null);
        }
    }

    private List<ParsedEvent> parseNdjson(byte[] body, int length) {
        List<ParsedEvent> events = new ArrayList<>();
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
            throw new InvalidEventsException("empty-batch", "The NDJSON body has no events (only blank lines)");
        }
        return events;
    }

    private ParsedEvent parseNdjsonLine(byte[] body, int offset, int length, int index, int lineNumber) {
        try (JsonParser parser = factory.createParser(body, offset, length)) {
            JsonToken root = parser.nextToken();
            if (root != JsonToken.START_OBJECT) {
                throw notAnObject(parser, root, index, "event (one JSON object per line)").at(lineNumber, null);
            }
            ParsedEvent event = walkEvent(parser, body, offset, index);
            if (parser.nextToken() != null) {
                throw new InvalidEventsException("trailing-content", "Line " + lineNumber
                        + " holds more than one JSON value; NDJSON carries exactly one event per line")
                        .atEvent(index).at(lineNumber, null);
            }
            return event;
        } catch (JacksonException e) {
            throw malformed(e, index, lineNumber);
        }
    }

    private ParsedEvent parseBinaryCloudEvent(byte[] body, int length, Map<String, String> headers) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (!ATTRIBUTE_NAME.matcher(name).matches()) {
                throw invalidCloudEvent("Header 'ce-" + printable(name)
                        + "' is not a CloudEvents attribute: names are lower-case letters and digits", 0);
            }
            String value = header.getValue();
            checkAttributeValue(name, value, 0);
            if (!HeaderValues.isPrintableAscii(value)) {
                throw invalidCloudEvent("Header 'ce-" + name + "' must be printable ASCII; percent-encode other"
                        + " characters (CloudEvents HTTP binding, section 3.1.3.2)", 0);
            }
            String decoded = HeaderValues.percentDecode(value);
            if (decoded == null) {
                throw invalidCloudEvent("Header 'ce-" + name + "' is not validly percent-encoded: '%' must start"
                        + " an escape of two hex digits, and the escapes must form UTF-8 (CloudEvents HTTP binding,"
                        + " section 3.1.3.2)", 0);
            }
            attributes.put(name, decoded);
        }
        for (String required : REQUIRED_ATTRIBUTES) {
            if (!attributes.containsKey(required) || attributes.get(required).isEmpty()) {
                throw invalidCloudEvent("CloudEvents binary mode requires the header ce-" + required, 0);
            }
        }
        checkSpecVersion(attributes.get("specversion"), 0);
        try (JsonParser parser = factory.createParser(body, 0, length)) {
            JsonToken root = parser.nextToken();
            if (root != JsonToken.START_OBJECT) {
                throw notAnObject(parser, root, null, "event (a JSON object) as the CloudEvent data");
            }
            ParsedEvent data = walkEvent(parser, body, 0, 0);
            expectEnd(parser);
            String id = checkId(attributes.get("id"), 0);
            return new ParsedEvent(0, body, data.offset(), data.length(), id, attributes.get("type"),
                    Collections.unmodifiableMap(attributes));
        } catch (JacksonException e) {
            throw malformed(e, 0, null);
        }
    }

    /**
     * Walks one event object; the parser is on its START_OBJECT and is left on the matching
     * END_OBJECT. {@code base} is where the parser's input starts in {@code body}.
     */
    private ParsedEvent walkEvent(JsonParser parser, byte[] body, int base, int index) {
        int start = base + (int) parser.currentTokenLocation().getByteOffset();
        int depth = 1;
        checkDepth(parser, depth, index);
        String clientId = null;
        boolean idValueNext = false;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new InvalidEventsException("truncated-json", "The JSON ends inside event " + index)
                        .atEvent(index);
            }
            if (idValueNext) {
                idValueNext = false;
                clientId = idValue(parser, token, index);
            }
            switch (token) {
                case START_OBJECT, START_ARRAY -> checkDepth(parser, ++depth, index);
                case END_OBJECT, END_ARRAY -> depth--;
                case PROPERTY_NAME -> {
                    String name = parser.currentName();
                    checkStringLength(parser, name.length(), index);
                    idValueNext = depth == 1 && name.equals(idField);
                }
                case VALUE_STRING -> checkStringLength(parser, parser.getStringLength(), index);
                default -> {
                }
            }
        }
        int end = base + (int) parser.currentTokenLocation().getByteOffset() + 1;
        int length = end - start;
        if (length > limits.maxEventSize().toBytes()) {
            throw new LimitExceededException(Limit.MAX_EVENT_SIZE, limits.maxEventSize().toBytes(),
                    "Event " + index + " is " + length + " bytes; max-event-size is " + limits.maxEventSize().toBytes()
                            + " bytes").atEvent(index);
        }
        return new ParsedEvent(index, body, start, length, clientId, null, Map.of());
    }

    private String idValue(JsonParser parser, JsonToken token, int index) {
        return switch (token) {
            case VALUE_STRING, VALUE_NUMBER_INT -> checkId(parser.getString(), index);
            case VALUE_NULL -> null;
            default -> throw new InvalidEventsException("invalid-id", "Event " + index + ": '" + idField
                    + "' must be a string or an integer, was " + describe(token)).atEvent(index);
        };
    }

    /** Walks a structured CloudEvent; the parser is on its START_OBJECT and is left on its END_OBJECT. */
    private ParsedEvent walkCloudEvent(JsonParser parser, byte[] body, int base, int index) {
        Map<String, String> attributes = new LinkedHashMap<>();
        ParsedEvent data = null;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("data")) {
                if (value != JsonToken.START_OBJECT) {
                    throw invalidCloudEvent("CloudEvent " + index + ": 'data' must be a JSON object (the event), was "
                            + describe(value), index);
                }
                data = walkEvent(parser, body, base, index);
            } else if (name.equals("data_base64")) {
                throw new UnsupportedBodyException("unsupported-cloudevent-data", "CloudEvent " + index
                        + " carries data_base64; the gateway takes JSON events only, in 'data'",
                        List.of("data: <JSON object>"));
            } else {
                if (!ATTRIBUTE_NAME.matcher(name).matches()) {
                    throw invalidCloudEvent("CloudEvent " + index + ": '" + printable(name)
                            + "' is not a valid attribute name (lower-case letters and digits)", index);
                }
                String text = switch (value) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getString();
                    case VALUE_TRUE -> "true";
                    case VALUE_FALSE -> "false";
                    case VALUE_NULL -> null;
                    default -> throw invalidCloudEvent("CloudEvent " + index + ": attribute '" + name
                            + "' must be a string, number or boolean, was " + describe(value), index);
                };
                if (text != null) {
                    checkAttributeValue(name, text, index);
                    attributes.put(name, text);
                }
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new InvalidEventsException("malformed-json", "CloudEvent " + index + " is not a JSON object")
                    .atEvent(index);
        }
        for (String required : REQUIRED_ATTRIBUTES) {
            if (!attributes.containsKey(required) || attributes.get(required).isEmpty()) {
                throw invalidCloudEvent("CloudEvent " + index + " lacks the required attribute '" + required + "'",
                        index);
            }
        }
        checkSpecVersion(attributes.get("specversion"), index);
        String contentType = attributes.get("datacontenttype");
        if (contentType != null && !isJsonMediaType(contentType)) {
            throw new UnsupportedBodyException("unsupported-cloudevent-data", "CloudEvent " + index
                    + " declares datacontenttype '" + printable(contentType) + "'; the gateway takes JSON events only",
                    List.of("application/json"));
        }
        if (data == null) {
            throw invalidCloudEvent("CloudEvent " + index + " has no 'data': the event must be its data", index);
        }
        String id = checkId(attributes.get("id"), index);
        return new ParsedEvent(index, body, data.offset(), data.length(), id, attributes.get("type"),
                Collections.unmodifiableMap(attributes));
    }

    static boolean isJsonMediaType(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private void checkSpecVersion(String version, int index) {
        if (!"1.0".equals(version)) {
            throw invalidCloudEvent("CloudEvent " + index + ": specversion '" + printable(version)
                    + "' is not supported; use 1.0", index);
        }
    }

    private void checkAttributeValue(String name, String value, int index) {
        if (value.length() > MAX_ATTRIBUTE_LENGTH) {
            throw invalidCloudEvent("CloudEvent " + index + ": attribute '" + name + "' is longer than "
                    + MAX_ATTRIBUTE_LENGTH + " characters", index);
        }
    }

    /**
     * An event id by the one id rule ({@link EventIds#problemWith}): 1 to max-id-length visible ASCII characters.
     */
    String checkId(String id, int index) {
        if (id.length() > limits.maxIdLength()) {
            throw new LimitExceededException(Limit.MAX_ID_LENGTH, limits.maxIdLength(), "Event " + index
                    + ": the id is " + id.length() + " characters; max-id-length is " + limits.maxIdLength())
                    .atEvent(index);
        }
        if (EventIds.problemWith(id, limits.maxIdLength()) != null) {
            throw new InvalidEventsException("invalid-id", "Event " + index
                    + ": an id must be 1 or more visible ASCII characters (no spaces or control characters)")
                    .atEvent(index);
        }
        return id;
    }

    private void checkCount(int index) {
        if (index >= limits.maxEventsPerRequest()) {
            throw new LimitExceededException(Limit.MAX_EVENTS_PER_REQUEST, limits.maxEventsPerRequest(),
                    "The request holds more than " + limits.maxEventsPerRequest()
                            + " events (max-events-per-request); split it");
        }
    }

    private void checkDepth(JsonParser parser, int depth, int index) {
        if (depth > limits.maxDepth()) {
            TokenStreamLocation at = parser.currentTokenLocation();
            throw new LimitExceededException(Limit.MAX_DEPTH, limits.maxDepth(), "Event " + index
                    + " nests objects and arrays deeper than max-depth " + limits.maxDepth())
                    .atEvent(index).at(at.getLineNr(), at.getColumnNr());
        }
    }

    private void checkStringLength(JsonParser parser, int length, int index) {
        if (length > limits.maxStringLength()) {
            TokenStreamLocation at = parser.currentTokenLocation();
            throw new LimitExceededException(Limit.MAX_STRING_LENGTH, limits.maxStringLength(), "Event " + index
                    + " has a string of " + length + " characters; max-string-length is " + limits.maxStringLength())
                    .atEvent(index).at(at.getLineNr(), at.getColumnNr());
        }
    }

    private void expectEnd(JsonParser parser) {
        JsonToken next = parser.nextToken();
        if (next != null) {
            TokenStreamLocation at = parser.currentTokenLocation();
            throw new InvalidEventsException("trailing-content", "Unexpected " + describe(next)
                    + " after the end of the JSON value; send one JSON value (use an array or NDJSON for batches)")
                    .at(at.getLineNr(), at.getColumnNr());
        }
    }

    private static InvalidEventsException notAnObject(JsonParser parser, JsonToken token, Integer index, String expected) {
        TokenStreamLocation at = parser.currentTokenLocation();
        String where = index == null ? "The body" : "Element " + index;
        return new InvalidEventsException("not-an-object", where + " is " + describe(token) + "; expected an "
                + expected).atEvent(index).at(at.getLineNr(), at.getColumnNr());
    }

    private static InvalidEventsException invalidCloudEvent(String message, int index) {
        return new InvalidEventsException("invalid-cloudevent", message).atEvent(index);
    }

    private static InvalidEventsException malformed(JacksonException e, int index, Integer ndjsonLine) {
        TokenStreamLocation at = e.getLocation();
        Integer line = ndjsonLine != null ? ndjsonLine : at == null ? null : at.getLineNr();
        Integer column = at == null ? null : at.getColumnNr();
        String original = firstLine(e.getOriginalMessage());
        String reason;
        if (e instanceof StreamConstraintsException) {
            reason = "json-constraint";
        } else if (e instanceof UnexpectedEndOfInputException || original.contains("end-of-input")) {
            reason = "truncated-json";
        } else if (original.contains("Invalid UTF-8") || original.contains("Invalid UTF8")) {
            reason = "invalid-utf8";
        } else if (original.startsWith("Duplicate Object property")) {
            reason = "duplicate-property";
        } else {
            reason = "malformed-json";
        }
        String where = (line == null ? "" : " at line " + line + (column == null ? "" : ", column " + column));
        return new InvalidEventsException(reason, "Invalid JSON" + where + " (event " + index + "): " + original, e)
                .atEvent(index).at(line, column);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }

    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < 100; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return text.length() > 100 ? out + "..." : out.toString();
    }

    private static boolean isBlank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
