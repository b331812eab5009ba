package io.inlet.gateway.ingest;

import io.inlet.contracts.EventType;
import io.inlet.gateway.apikeys.ApiKey;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;

/**
 * One ingestion request, as the HTTP layer hands it over.
 *
 * @param pathType            the event type from the path, or {@code null} (CloudEvents carry their own)
 * @param apiKey              the authenticated key
 * @param contentLength       declared body length, or -1
 * @param cloudEventHeaders   {@code ce-*} headers, names lower-cased without the prefix
 * @param idempotencyKey      the {@code Idempotency-Key} header, or {@code null}
 * @param schemaVersion       the {@code Inlet-Schema-Version} header, or {@code null}
 * @param validate            the {@code validate} query parameter as sent, or {@code null}
 */
record IngestRequest(EventType pathType, ApiKey apiKey, String contentType, String contentEncoding,
                     long contentLength, InputStream body, Map<String, String> cloudEventHeaders,
                     String idempotencyKey, String schemaVersion, String requestId, Instant receivedAt,
                     String validate) {
}
