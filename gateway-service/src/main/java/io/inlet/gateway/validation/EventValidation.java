package io.inlet.gateway.validation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.inlet.contracts.Violation;
import java.util.List;

/**
 * What the pipeline's schema applier will decide for one event of a request sent with {@code ?validate=true},
 * checked synchronously against the schema the gateway sees now (the pipeline applies the pinned version, else
 * the latest when the event reaches it). Informational: the event is published whatever the outcome.
 *
 * @param index         the event's position in the request, 0-based
 * @param id            the event's id
 * @param eventType     its event type
 * @param outcome       {@code passed}, {@code failed}, or {@code unchecked} (the registry could not be asked
 *                      for the schema; the pipeline will decide when it can)
 * @param schemaVersion the schema version checked against; absent when there is none
 * @param stage         for {@code failed}: {@code decode} or {@code schema}, as the error lake will record it
 * @param reason        for {@code failed} and {@code unchecked}: why
 * @param violations    for {@code failed}: every violation (pointer, keyword, message); else empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventValidation(int index, String id, String eventType, String outcome, Integer schemaVersion,
                              String stage, String reason, List<Violation> violations) {

    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String UNCHECKED = "unchecked";
}
