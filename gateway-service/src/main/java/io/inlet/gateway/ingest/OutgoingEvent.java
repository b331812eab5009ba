package io.inlet.gateway.ingest;

import io.inlet.contracts.EventMetadata;
import java.util.Map;

/**
 * An event ready for JetStream: its JSON, its envelope metadata and any further headers (the
 * CloudEvents attributes).
 */
record OutgoingEvent(EventMetadata metadata, byte[] json, Map<String, String> extraHeaders) {
}
