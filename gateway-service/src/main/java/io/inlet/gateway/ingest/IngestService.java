package io.inlet.gateway.ingest;

import io.inlet.binder.tracing.FrameTracing;
import io.inlet.binder.tracing.SpanAttributes;
import io.inlet.contracts.EventIds;
import io.inlet.contracts.EventType;
import io.inlet.contracts.InvalidEventTypeException;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.gateway.apikeys.ApiKeyService;
import io.inlet.gateway.eventtypes.EventTypeCatalog;
import io.inlet.gateway.ingest.LimitExceededException.Limit;
import io.inlet.gateway.validation.EventValidation;
import io.inlet.gateway.validation.SyncValidator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Takes a request from bytes to stored events: checks what can be checked before reading the body
 * (scope of the key, content type), reads and parses the body within the limits, gives each event
 * its id and envelope, checks the event types, and publishes the events as frames, one per event type.
 */
@Service
class IngestService {

    static final String SOURCE = "gateway";

    private final IngestLimits limits;
    private final EventParser parser;
    private final EventTypeCatalog catalog;
    private final EventPublisher publisher;
    private final IngestMetrics metrics;
    private final FrameTracing tracing;
    private final SyncValidator validator;

    IngestService(IngestLimits limits, IngestIdProperties ids, EventTypeCatalog catalog, EventPublisher publisher,
            IngestMetrics metrics, FrameTracing tracing, SyncValidator validator) {
        this.tracing = tracing;
        this.validator = validator;
        this.limits = limits;
        this.parser = new EventParser(limits, ids.field());
        this.catalog = catalog;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    IngestResult ingest(IngestRequest request) {
        // The request's span (HTTP server) names its request id: the frames it publishes are its children.
        tracing.tagCurrent(SpanAttributes.REQUEST_ID, request.requestId());
        if (request.pathType() != null) {
            ApiKeyService.authorize(request.apiKey(), request.pathType());
        }
        BodyFormat format = BodyFormats.resolve(request.contentType(),
                request.cloudEventHeaders().containsKey("specversion"));
        if (request.pathType() == null && !format.isCloudEvents()) {
            throw new InvalidEventsException("missing-event-type", "No event type: POST to /v1/events/{eventType}, "
                    + "or send CloudEvents (their 'type' is the event type)");
        }
        Integer version = schemaVersion(request.schemaVersion());
        boolean validate = validateFlag(request.validate());
        if (request.pathType() != null) {
            catalog.verify(request.pathType(), version);
        }
        String idempotencyKey = request.idempotencyKey() == null ? null
                : parser.checkId(request.idempotencyKey(), 0);

        BodyReader.Body body = BodyReader.read(request.body(), request.contentLength(), request.contentEncoding(),
                limits.maxBodySize().toBytes());
        metrics.received(body.length());
        List<ParsedEvent> parsed = parser.parse(format, body.bytes(), body.length(), request.cloudEventHeaders());
        checkFrameBound(parsed);

        Set<EventType> types = new LinkedHashSet<>();
        List<OutgoingEvent> events = new ArrayList<>(parsed.size());
        List<String> ids = new ArrayList<>(parsed.size());
        for (ParsedEvent event : parsed) {
            EventType type = request.pathType() != null ? request.pathType() : typeOf(event);
            if (types.add(type)) {
                ApiKeyService.authorize(request.apiKey(), type);
            }
            String id = idOf(event, idempotencyKey, parsed.size());
            ids.add(id);
            FramedEvent framed = new FramedEvent(id, request.receivedAt(), SOURCE, version, null,
                    request.apiKey().id(), request.requestId(), event.attributes(), null, null, event.json());
            events.add(new OutgoingEvent(event.index(), type, framed));
        }
        if (request.pathType() == null) {
            for (EventType type : types) {
                catalog.verify(type, version);
            }
        }
        // Checked before publishing, so that nothing about the request changes once its events are stored.
        List<EventValidation> validation = validate ? validator.validate(events.stream()
                .map(e -> new SyncValidator.Candidate(e.index(), e.event().eventId(), e.eventType(), version,
                        e.event().payload())).toList()) : null;
        tracing.tagCurrent(SpanAttributes.EVENT_COUNT, Integer.toString(events.size()));
        int duplicates = publisher.publish(events);
        metrics.accepted(format, events.size(), duplicates);
        return new IngestResult(request.requestId(), events.size(), List.copyOf(ids), duplicates, validation);
    }

    /**
     * An event larger than one JetStream message carries can never be published: the effective max-event-size
     * is the smaller of the configured one and that bound (known once NATS is connected; before, the publish
     * answers 503 anyway).
     */
    private void checkFrameBound(List<ParsedEvent> parsed) {
        OptionalInt bound = publisher.maxEventBytes();
        long configured = limits.maxEventSize().toBytes();
        if (bound.isEmpty() || bound.getAsInt() >= configured) {
            return;
        }
        int max = bound.getAsInt();
        for (ParsedEvent event : parsed) {
            if (event.length() > max) {
                throw new LimitExceededException(Limit.MAX_EVENT_SIZE, max, "Event " + event.index() + " is "
                        + event.length() + " bytes; max-event-size is " + max + " bytes (the configured "
                        + configured + " bytes, capped at the largest event one JetStream message carries, "
                        + "from the NATS server's max_payload)").atEvent(event.index());
            }
        }
    }

    private static EventType typeOf(ParsedEvent event) {
        try {
            return EventType.of(event.cloudEventType());
        } catch (InvalidEventTypeException e) {
            throw new InvalidEventsException("invalid-event-type", "CloudEvent " + event.index() + ": "
                    + e.getMessage()).atEvent(event.index());
        }
    }

    /** The client's id, else one derived from the Idempotency-Key, else a new UUIDv7. */
    private String idOf(ParsedEvent event, String idempotencyKey, int count) {
        if (event.clientId() != null) {
            return event.clientId();
        }
        if (idempotencyKey != null) {
            String derived = EventIds.derived(idempotencyKey, event.index(), count);
            return count == 1 ? derived : parser.checkId(derived, event.index());
        }
        return EventIds.generate();
    }

    private static boolean validateFlag(String parameter) {
        if (parameter == null || parameter.equalsIgnoreCase("false")) {
            return false;
        }
        if (parameter.isEmpty() || parameter.equalsIgnoreCase("true")) {
            return true;
        }
        throw new InvalidEventsException("invalid-validate-flag", "The query parameter validate must be true or "
                + "false, was '" + parameter.replaceAll("[^ -~]", "?") + "'");
    }

    private static Integer schemaVersion(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (!value.matches("[0-9]{1,9}") || Integer.parseInt(value) < 1) {
            throw new InvalidEventsException("invalid-schema-version", "Inlet-Schema-Version must be a positive "
                    + "integer (a schema version), was '" + value.replaceAll("[^ -~]", "?") + "'");
        }
        return Integer.valueOf(value);
    }
}
