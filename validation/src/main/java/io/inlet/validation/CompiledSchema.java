package io.inlet.validation;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.inlet.contracts.Violation;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One registered schema version, ready to apply: its validator and its typer are built once and
 * reused for every event (both are safe to share between threads).
 */
public record CompiledSchema(long id, String subject, int version, Schema validator, RecordTyper typer) {

    /** Every violation of the event, with JSON pointer, keyword and message; empty when valid. */
    public List<Violation> validate(JsonNode event) {
        List<Error> errors = validator.validate(event);
        return errors.stream()
                .map(e -> new Violation(String.valueOf(e.getInstanceLocation()), String.valueOf(e.getKeyword()),
                        e.getMessage()))
                .toList();
    }

    /** The typed record of a valid event, typed in place: the caller has no further use of the event as sent. */
    public JsonNode typeInPlace(JsonNode event) {
        return typer.typeInPlace(event);
    }
}
