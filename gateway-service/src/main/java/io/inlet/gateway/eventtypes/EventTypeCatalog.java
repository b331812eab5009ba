package io.inlet.gateway.eventtypes;

import io.inlet.contracts.EventType;

/** Which event types (and schema versions) the gateway takes. */
public interface EventTypeCatalog {

    /**
     * @param pinnedVersion a schema version the producer pinned, or {@code null}
     * @throws UnknownEventTypeException when the type (or the pinned version) is known not to exist
     */
    void verify(EventType type, Integer pinnedVersion);
}
