package io.inlet.lake.dryrun;

import io.inlet.contracts.EventType;
import io.inlet.contracts.InvalidEventTypeException;
import io.inlet.lake.buffer.Lake;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * A checked dry-run request: the event type, the candidate (inline schema text or registered version), the lakes
 * to sample, the limit and the time range.
 */
record DryRunSpec(EventType eventType, String schemaText, Integer version, String source, List<Lake> lakes,
                  int limit, Instant from, Instant to) {

    static final String VALID = "valid";
    static final String ERRORS = "errors";
    static final String BOTH = "both";

    static DryRunSpec of(DryRunRequest request, DryRunProperties properties) {
        if (request == null) {
            throw new InvalidDryRunException("The body must be a JSON object with eventType and schema or version");
        }
        if (request.eventType() == null || request.eventType().isBlank()) {
            throw new InvalidDryRunException("eventType is required");
        }
        EventType type;
        try {
            type = EventType.of(request.eventType());
        } catch (InvalidEventTypeException e) {
            throw new InvalidDryRunException(e.getMessage());
        }
        JsonNode schema = request.schema();
        boolean hasSchema = schema != null && !schema.isNull();
        if (hasSchema == (request.version() != null)) {
            throw new InvalidDryRunException("Give exactly one of schema (a candidate JSON Schema) and version (a "
                    + "registered version of '" + type + "')");
        }
        if (hasSchema && !schema.isObject()) {
            throw new InvalidDryRunException("schema must be a JSON Schema object, was " + schema.getNodeType()
                    .toString().toLowerCase(Locale.ROOT));
        }
        if (request.version() != null && request.version() < 1) {
            throw new InvalidDryRunException("version must be a positive schema version, was " + request.version());
        }
        String source = request.source() == null ? BOTH : request.source();
        List<Lake> lakes = switch (source) {
            case VALID -> List.of(Lake.DATA);
            case ERRORS -> List.of(Lake.ERRORS);
            case BOTH -> List.of(Lake.DATA, Lake.ERRORS);
            default -> throw new InvalidDryRunException("source must be valid, errors or both, was '"
                    + printable(source) + "'");
        };
        int limit = request.limit() == null ? Math.min(properties.defaultLimit(), properties.maxLimit())
                : request.limit();
        if (limit < 1 || limit > properties.maxLimit()) {
            throw new InvalidDryRunException("limit must be between 1 and " + properties.maxLimit() + ", was "
                    + limit);
        }
        Instant from = instant("from", request.from());
        Instant to = instant("to", request.to());
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidDryRunException("from (" + from + ") must be before to (" + to + ")");
        }
        return new DryRunSpec(type, hasSchema ? schema.toString() : null, request.version(), source, lakes, limit,
                from, to);
    }

    boolean inRange(Instant receivedAt) {
        if (from == null && to == null) {
            return true;
        }
        return receivedAt != null && (from == null || !receivedAt.isBefore(from))
                && (to == null || receivedAt.isBefore(to));
    }

    private static Instant instant(String name, String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidDryRunException(name + " must be an RFC 3339 date-time (e.g. 2026-11-24T09:00:00Z), was '"
                    + printable(text) + "'");
        }
    }

    private static String printable(String text) {
        String clipped = text.length() > 64 ? text.substring(0, 64) + "…" : text;
        return clipped.replaceAll("[^ -~…]", "?");
    }
}
