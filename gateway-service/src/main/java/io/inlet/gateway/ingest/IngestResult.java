package io.inlet.gateway.ingest;

import java.util.List;

/**
 * The answer to an accepted request: every event is in JetStream.
 *
 * @param requestId  the request's id
 * @param accepted   number of events
 * @param ids        the events' ids, in request order
 * @param duplicates how many of them JetStream already had (a retry); they are stored once
 */
public record IngestResult(String requestId, int accepted, List<String> ids, int duplicates) {
}
