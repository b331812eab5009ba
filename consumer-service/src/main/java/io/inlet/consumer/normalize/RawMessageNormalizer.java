package io.inlet.consumer.normalize;

import io.inlet.contracts.EventIds;
import io.inlet.contracts.EventType;
import io.inlet.contracts.InletHeaders;
import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.normalizer.EventSplitter;
import io.inlet.normalizer.Problem;
import io.inlet.normalizer.Split;
import io.inlet.normalizer.SplitEvent;
import io.inlet.normalizer.SplitFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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
 * <p>The body is split by the splitter the gateway uses ({@link EventSplitter}, per event), so every event keeps
 * its exact bytes (numbers, key order and whitespace as sent) and the same limits apply. Nothing here throws for bad
 * input: a body that is not JSON, too many events, or a bad header rejects the whole message (an error event with
 * the message's bytes); an array element or NDJSON line that is not a JSON object, too deep, too large or with a
 * too long string rejects only that event (with its bytes).
 */
public final class RawMessageNormalizer {

    static final String SOURCE_NATS = "nats";
    private static final String CLOUDEVENTS_PREFIX = "ce-";

    private final EventSplitter splitter;
    private final NormalizeProperties properties;

    public RawMessageNormalizer(NormalizeProperties properties) {
        this.properties = properties;
        // No id field: a raw message's ids come from its inlet-event-id header or its place in the stream.
        this.splitter = EventSplitter.perEvent(properties.splitterLimits(), null);
    }

    public Decoded normalize(RawMessage raw, Instant now) {
        Context context;
        try {
            context = context(raw, now);
        } catch (RejectedMessage e) {
            return e.decoded;
        }
        byte[] body = raw.body();
        Split split = splitter.split(SplitFormat.AUTO, body, body.length);
        if (split.bodyProblem() != null) {
            return rejectMessage(context, split.bodyProblem());
        }
        int count = split.events().size();
        for (SplitEvent event : split.events()) {
            if (event.isRejected()) {
                context.rejectEvent(event.index(), count, event.json(), eventViolation(event));
            } else {
                context.event(event.index(), count, event.json());
            }
        }
        return context.decoded();
    }

    private static Decoded rejectMessage(Context context, Problem problem) {
        return switch (problem.kind()) {
            case EMPTY_BODY -> context.rejectMessage("empty body",
                    new Violation("", "empty", "the message body is empty"));
            case EMPTY_BATCH -> context.rejectMessage("empty batch",
                    new Violation("", "empty", "the message holds no events"));
            case NOT_AN_OBJECT -> context.rejectMessage("body is " + problem.found() + ", not a JSON object",
                    new Violation("", "not-an-object", "the body must be a JSON object, an array of objects or "
                            + "NDJSON; it is " + problem.found()));
            case TOO_MANY_EVENTS -> context.rejectMessage("more than " + problem.limitValue()
                    + " events in one message", new Violation("", "maxEvents", "the message holds more than "
                    + problem.limitValue() + " events; at most " + problem.limitValue() + " are accepted"));
            default -> context.rejectMessage(isJson(problem.kind()) ? "body is not valid JSON" : problem.kind().reason(),
                    new Violation("", keyword(problem.kind()), problem.message()));
        };
    }

    /** An array element's or NDJSON line's own problem: only that event is rejected. */
    private static Violation eventViolation(SplitEvent event) {
        Problem problem = event.problem();
        boolean line = problem.pointer() == null;
        String where = line ? "NDJSON line " + (event.index() + 1)
                : problem.pointer().isEmpty() ? "the event" : "array element " + event.index();
        String message = problem.kind() == Problem.Kind.NOT_AN_OBJECT
                ? where + " is " + problem.found() + ", not a JSON object"
                : where + ": " + problem.message();
        return new Violation(line ? "" : problem.pointer(), keyword(problem.kind()), message);
    }

    private static boolean isJson(Problem.Kind kind) {
        return switch (kind) {
            case INVALID_UTF8, TRAILING_CONTENT, TRUNCATED_JSON, MALFORMED_JSON, JSON_CONSTRAINT, DUPLICATE_PROPERTY ->
                    true;
            default -> false;
        };
    }

    private static String keyword(Problem.Kind kind) {
        return isJson(kind) ? "json" : kind.reason();
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
            return new FrameFailure(FrameFailure.STAGE_DECODE, reason, List.of(violation), raw.subject(), now);
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
