package io.inlet.gateway.ingest;

import java.util.List;

/**
 * The answer to an accepted request: every event is in JetStream.
 *
 * @param requestId  the request's id
 * @param accepted   number of events
 * @param ids        the events' ids, in request order
 * @param duplicates how many of them came in frames JetStream already had (a retry of the same request within
 *                   the raw stream's duplicate window); those frames are stored once
 */
public record IngestResult(String requestId, int accepted, List<String> ids, int duplicates) {
}
