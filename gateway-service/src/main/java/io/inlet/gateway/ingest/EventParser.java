package io.inlet.gateway.ingest;

import io.inlet.gateway.GatewayException;
import io.inlet.gateway.ingest.LimitExceededException.Limit;
import io.inlet.normalizer.CloudEventRules;
import io.inlet.normalizer.EventSplitter;
import io.inlet.normalizer.NormalizerLimits;
import io.inlet.normalizer.Problem;
import io.inlet.normalizer.Split;
import io.inlet.normalizer.SplitEvent;
import io.inlet.normalizer.SplitFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's side of the shared splitter ({@link EventSplitter}, all or nothing): picks the split for the body
 * format, reads CloudEvents binary-mode attributes from their {@code ce-*} headers (an HTTP binding matter, so it
 * stays here), and turns the first problem into the gateway's exception for it, and so its problem+json answer.
 */
public final class EventParser {

    private static final String[] REQUIRED_ATTRIBUTES = {"specversion", "id", "source", "type"};

    private final IngestLimits limits;
    private final EventSplitter splitter;

    public EventParser(IngestLimits limits, String idField) {
        this.limits = limits;
        this.splitter = EventSplitter.allOrNothing(new NormalizerLimits(limits.maxBodySize().toBytes(),
                limits.maxEventsPerRequest(), limits.maxEventSize().toBytes(), limits.maxDepth(),
                limits.maxStringLength(), limits.maxIdLength()), idField);
    }

    /**
     * The events of a body.
     *
     * @param binaryAttributes for {@link BodyFormat#CLOUDEVENT_BINARY}: the {@code ce-*} headers
     *                         (names without the prefix, lower case); ignored otherwise
     */
    public List<ParsedEvent> parse(BodyFormat format, byte[] body, int length, Map<String, String> binaryAttributes) {
        Split split = splitter.split(switch (format) {
            case JSON -> SplitFormat.JSON;
            case NDJSON -> SplitFormat.NDJSON;
            case CLOUDEVENT -> SplitFormat.CLOUDEVENT;
            case CLOUDEVENTS_BATCH -> SplitFormat.CLOUDEVENTS_BATCH;
            case CLOUDEVENT_BINARY -> SplitFormat.SINGLE_OBJECT;
        }, body, length);
        Map<String, String> attributes = null;
        if (format == BodyFormat.CLOUDEVENT_BINARY) {
            // An empty or non-UTF-8 body is refused before the headers are looked at, a bad header before the JSON.
            Problem problem = split.bodyProblem();
            if (problem != null && (problem.kind() == Problem.Kind.EMPTY_BODY
                    || problem.kind() == Problem.Kind.INVALID_UTF8 && problem.byteOffset() != null)) {
                throw toException(problem);
            }
            attributes = binaryAttributes(binaryAttributes);
        }
        split.firstProblem().ifPresent(problem -> {
            throw toException(problem);
        });
        List<ParsedEvent> events = new ArrayList<>(split.events().size());
        for (SplitEvent event : split.events()) {
            if (attributes != null) {
                String id = checkId(attributes.get("id"), 0);
                events.add(new ParsedEvent(0, body, event.offset(), event.length(), id, attributes.get("type"),
                        attributes));
            } else {
                events.add(new ParsedEvent(event.index(), body, event.offset(), event.length(), event.clientId(),
                        event.cloudEventType(), event.attributes()));
            }
        }
        return events;
    }

    private static Map<String, String> binaryAttributes(Map<String, String> headers) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (!CloudEventRules.ATTRIBUTE_NAME.matcher(name).matches()) {
                throw invalidCloudEvent("Header 'ce-" + Problem.printable(name)
                        + "' is not a CloudEvents attribute: names are lower-case letters and digits");
            }
            String value = header.getValue();
            throwIfPresent(CloudEventRules.problemWithAttributeValue(name, value, 0));
            if (!HeaderValues.isPrintableAscii(value)) {
                throw invalidCloudEvent("Header 'ce-" + name + "' must be printable ASCII; percent-encode other"
                        + " characters (CloudEvents HTTP binding, section 3.1.3.2)");
            }
            String decoded = HeaderValues.percentDecode(value);
            if (decoded == null) {
                throw invalidCloudEvent("Header 'ce-" + name + "' is not validly percent-encoded: '%' must start"
                        + " an escape of two hex digits, and the escapes must form UTF-8 (CloudEvents HTTP binding,"
                        + " section 3.1.3.2)");
            }
            attributes.put(name, decoded);
        }
        for (String required : REQUIRED_ATTRIBUTES) {
            if (!attributes.containsKey(required) || attributes.get(required).isEmpty()) {
                throw invalidCloudEvent("CloudEvents binary mode requires the header ce-" + required);
            }
        }
        throwIfPresent(CloudEventRules.problemWithSpecVersion(attributes.get("specversion"), 0));
        return Collections.unmodifiableMap(attributes);
    }

    static boolean isJsonMediaType(String contentType) {
        return CloudEventRules.isJsonMediaType(contentType);
    }

    /**
     * An event id by the one id rule ({@link io.inlet.contracts.EventIds#problemWith}): 1 to max-id-length visible
     * ASCII characters.
     */
    String checkId(String id, int index) {
        throwIfPresent(splitter.problemWithId(id, index));
        return id;
    }

    private static void throwIfPresent(Problem problem) {
        if (problem != null) {
            throw toException(problem);
        }
    }

    /** The gateway's exception for a problem: the reasons, limits and properties its answers always had. */
    private static GatewayException toException(Problem problem) {
        return switch (problem.kind()) {
            case CLOUDEVENT_DATA_BASE64 -> new UnsupportedBodyException(problem.kind().reason(), problem.message(),
                    List.of("data: <JSON object>"));
            case CLOUDEVENT_CONTENT_TYPE -> new UnsupportedBodyException(problem.kind().reason(), problem.message(),
                    List.of("application/json"));
            case BODY_TOO_LARGE -> limit(Limit.MAX_BODY_SIZE, problem, problem.message());
            case TOO_MANY_EVENTS -> limit(Limit.MAX_EVENTS_PER_REQUEST, problem, "The request holds more than "
                    + problem.limitValue() + " events (max-events-per-request); split it");
            case EVENT_TOO_LARGE -> limit(Limit.MAX_EVENT_SIZE, problem, problem.message());
            case TOO_DEEP -> limit(Limit.MAX_DEPTH, problem, problem.message());
            case STRING_TOO_LONG -> limit(Limit.MAX_STRING_LENGTH, problem, problem.message());
            case ID_TOO_LONG -> limit(Limit.MAX_ID_LENGTH, problem, problem.message());
            default -> new InvalidEventsException(problem.kind().reason(), problem.message())
                    .withProperty("byteOffset", problem.byteOffset() == null ? null : problem.byteOffset().intValue())
                    .atEvent(problem.eventIndex()).at(problem.line(), problem.column());
        };
    }

    private static LimitExceededException limit(Limit limit, Problem problem, String message) {
        return new LimitExceededException(limit, problem.limitValue(), message).atEvent(problem.eventIndex())
                .at(problem.line(), problem.column());
    }

    private static InvalidEventsException invalidCloudEvent(String message) {
        return new InvalidEventsException("invalid-cloudevent", message).atEvent(0);
    }
}
