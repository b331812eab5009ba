package io.inlet.gateway.ingest;

import io.inlet.contracts.EventType;
import io.inlet.contracts.frame.FramedEvent;

/**
 * An event of a request ready for JetStream: where it was in the request, its event type (the frame it goes
 * into) and the framed event (its envelope and exact bytes).
 *
 * @param index its position in the request, 0-based
 */
record OutgoingEvent(int index, EventType eventType, FramedEvent event) {
}
