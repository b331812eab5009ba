package io.inlet.gateway.eventtypes;

import io.inlet.contracts.EventType;
import io.inlet.gateway.GatewayException;

/** The event type, or the schema version pinned for it, is not registered. */
public class UnknownEventTypeException extends GatewayException {

    public UnknownEventTypeException(EventType type, Integer version) {
        super(version == null ? "unknown-event-type" : "unknown-schema-version", version == null
                ? "Event type '" + type + "' is not registered in the schema registry"
                : "Schema version " + version + " of event type '" + type + "' is not registered");
        with("eventType", type.name());
        with("schemaVersion", version);
    }
}
