package io.inlet.gateway.apikeys;

import io.inlet.contracts.EventType;
import io.inlet.gateway.GatewayException;

/** The API key is valid but not scoped to the event type. */
public class EventTypeNotAllowedException extends GatewayException {

    public EventTypeNotAllowedException(String keyId, EventType type) {
        super("event-type-not-allowed", "API key " + keyId + " may not send events of type '" + type + "'");
        with("eventType", type.name());
        with("apiKeyId", keyId);
    }
}
