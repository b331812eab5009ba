package io.inlet.lake.lineage;

import io.inlet.contracts.EventType;
import io.inlet.contracts.UuidV7;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Lineage of an event (by type and id) or of a gateway request (by its request id). */
public class LineageService {

    /** A request's events and where each went. */
    public record RequestLineage(String requestId, List<EventLineage> events, RequestEvents.Found raw) {
    }

    private static final Duration AROUND_ID_TIME = Duration.ofHours(1);

    private final LakeLineage lakes;
    private final RequestEvents requests;
    private final LineageProperties properties;

    public LineageService(LakeLineage lakes, RequestEvents requests, LineageProperties properties) {
        this.lakes = lakes;
        this.requests = requests;
        this.properties = properties;
    }

    /**
     * Without {@code from}/{@code to}: around the time of an id that is a UUIDv7 (the gateway's ids, received within
     * moments of being made), else the last {@code default-window}.
     */
    public EventLineage event(String eventType, String eventId, Instant from, Instant to) {
        EventType.of(eventType);
        Instant idTime = uuidV7Time(eventId);
        Instant start = from != null ? from : idTime != null ? idTime.minus(AROUND_ID_TIME)
                : Instant.now().minus(properties.defaultWindow());
        Instant end = to != null ? to : idTime != null ? idTime.plus(AROUND_ID_TIME) : Instant.now().plusSeconds(60);
        checkWindow(start, end);
        return lakes.find(eventType, Set.of(eventId), start, end).get(eventId);
    }

    /** Without {@code from}: the request id's time when it is a UUIDv7 (the gateway's), else required. */
    public RequestLineage request(String requestId, Instant from, Instant to) {
        Instant idTime = uuidV7Time(requestId);
        Instant start = from != null ? from : idTime != null ? idTime.minusSeconds(60) : null;
        if (start == null) {
            throw new IllegalArgumentException("request id '" + requestId + "' carries no time (not a UUIDv7): "
                    + "give from (RFC 3339), when the request was sent");
        }
        Instant end = to != null ? to : start.plus(properties.requestWindow());
        checkWindow(start, end);
        RequestEvents.Found found = requests.find(requestId, start, end);
        Map<String, List<RequestEvents.Sent>> byType = new LinkedHashMap<>();
        for (RequestEvents.Sent sent : found.events()) {
            byType.computeIfAbsent(sent.eventType(), t -> new ArrayList<>()).add(sent);
        }
        List<EventLineage> events = new ArrayList<>();
        for (Map.Entry<String, List<RequestEvents.Sent>> type : byType.entrySet()) {
            Instant first = type.getValue().stream().map(RequestEvents.Sent::receivedAt).min(Instant::compareTo)
                    .orElseThrow();
            Instant last = type.getValue().stream().map(RequestEvents.Sent::receivedAt).max(Instant::compareTo)
                    .orElseThrow();
            Set<String> ids = new LinkedHashSet<>();
            type.getValue().forEach(s -> ids.add(s.eventId()));
            events.addAll(lakes.find(type.getKey(), ids, first.truncatedTo(ChronoUnit.HOURS),
                    last.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1))).values());
        }
        return new RequestLineage(requestId, events, found);
    }

    private static void checkWindow(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
    }

    private static Instant uuidV7Time(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.version() == 7 ? Instant.ofEpochMilli(UuidV7.unixMillis(uuid)) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
