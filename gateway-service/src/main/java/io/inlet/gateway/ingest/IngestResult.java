package io.inlet.gateway.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.inlet.gateway.validation.EventValidation;
import java.util.List;

/**
 * The answer to an accepted request: every event is in JetStream.
 *
 * @param requestId  the request's id
 * @param accepted   number of events
 * @param ids        the events' ids, in request order
 * @param duplicates how many of them came in frames JetStream already had (a retry of the same request within
 *                   the raw stream's duplicate window); those frames are stored once
 * @param validation with {@code ?validate=true} only: per event, in request order, what the pipeline's schema
 *                   applier will decide (absent otherwise)
 */
public record IngestResult(String requestId, int accepted, List<String> ids, int duplicates,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<EventValidation> validation) {
}
