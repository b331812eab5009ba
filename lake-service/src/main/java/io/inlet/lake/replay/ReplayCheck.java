package io.inlet.lake.replay;

import io.inlet.contracts.EventType;
import io.inlet.validation.EventValidator;
import io.inlet.validation.SchemaResolver;
import io.inlet.validation.Validation;

/**
 * Whether an error-lake event would now pass the schema applier: the pipeline's own decision
 * ({@link EventValidator}) against the pinned version, else the latest. Pipeline steps (filters) are not applied:
 * a filtered event is not a failure.
 */
public class ReplayCheck {

    private final SchemaResolver schemas;

    public ReplayCheck(SchemaResolver schemas) {
        this.schemas = schemas;
    }

    public Validation check(EventType type, Integer version, byte[] payload) {
        Validation decoded = EventValidator.decode(payload);
        return decoded.passed()
                ? schemas.resolve(type, version).map(schema -> EventValidator.apply(schema, decoded.json()))
                        .orElseGet(() -> EventValidator.noSchema(decoded.json(), type, version))
                : decoded;
    }
}
