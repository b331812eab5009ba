package io.inlet.gateway.apikeys;

import io.inlet.contracts.EventType;
import java.time.Instant;
import java.util.List;

/**
 * An API key as stored: never the key itself, only its id (the part of the key before the
 * secret) and a hash of the secret.
 *
 * @param id         public key id, part of the key ({@code inlet_<id>_<secret>}) and of every event it sends
 * @param name       what the key is for
 * @param eventTypes the event types the key may send
 * @param createdAt  when it was created
 * @param revokedAt  when it was revoked, or {@code null}
 */
public record ApiKey(String id, String name, List<EventTypePattern> eventTypes, Instant createdAt, Instant revokedAt) {

    public ApiKey {
        eventTypes = List.copyOf(eventTypes);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean allows(EventType type) {
        return eventTypes.stream().anyMatch(pattern -> pattern.matches(type));
    }
}
