package io.inlet.gateway.ingest;

import io.inlet.contracts.EventMetadata;
import io.inlet.contracts.EventType;
import io.inlet.contracts.InvalidEventTypeException;
import io.inlet.contracts.UuidV7;
import io.inlet.gateway.apikeys.ApiKeyService;
import io.inlet.gateway.eventtypes.EventTypeCatalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Takes a request from bytes to stored events: checks what can be checked before reading the body
 * (scope of the key, content type), reads and parses the body within the limits, gives each event
 * its id and envelope metadata, checks the event types, and publishes.
 */
@Service
class IngestService {

    static final String SOURCE = "gateway";

    private final IngestLimits limits;
    private final EventParser parser;
    private final EventTypeCatalog catalog;
    private final EventPublisher publisher;
    private final IngestMetrics metrics;

    IngestService(IngestLimits limits, IngestIdProperties ids, EventTypeCatalog catalog, EventPublisher publisher,
            IngestMetrics metrics) {
        this.limits = limits;
        this.parser = new EventParser(limits, ids.field());
        this.catalog = catalog;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    IngestResult ingest(IngestRequest request) {
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
        if (request.pathType() != null) {
            catalog.verify(request.pathType(), version);
        }
        String idempotencyKey = request.idempotencyKey() == null ? null
                : parser.checkId(request.idempotencyKey(), 0);

        BodyReader.Body body = BodyReader.read(request.body(), request.contentLength(), request.contentEncoding(),
                limits.maxBodySize().toBytes());
        metrics.received(body.length());
        List<ParsedEvent> parsed = parser.parse(format, body.bytes(), body.length(), request.cloudEventHeaders());

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
            EventMetadata metadata = new EventMetadata(id, type, request.receivedAt(), SOURCE, version,
                    request.apiKey().id(), request.requestId());
            events.add(new OutgoingEvent(metadata, event.json(), event.cloudEventHeaders()));
        }
        if (request.pathType() == null) {
            for (EventType type : types) {
                catalog.verify(type, version);
            }
        }
        List<Boolean> duplicates = publisher.publish(events);
        int duplicateCount = (int) duplicates.stream().filter(Boolean::booleanValue).count();
        metrics.accepted(format, events.size(), duplicateCount);
        return new IngestResult(request.requestId(), events.size(), List.copyOf(ids), duplicateCount);
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
            return count == 1 ? idempotencyKey : parser.checkId(idempotencyKey + "-" + event.index(), event.index());
        }
        return UuidV7.generate().toString();
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
