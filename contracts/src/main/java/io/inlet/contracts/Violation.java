package io.inlet.contracts;

import java.util.Objects;

/**
 * Why an event was rejected, at one place in it.
 *
 * @param pointer the JSON pointer (RFC 6901) of the failing value in the event; {@code ""} for the
 *                whole event (e.g. a missing required property is reported on its parent object)
 * @param keyword the JSON Schema keyword that failed ({@code required}, {@code type}, {@code format}, ...),
 *                or for decode errors a short code ({@code json}, {@code not-an-object}, {@code header}, ...)
 * @param message a human-readable explanation
 */
public record Violation(String pointer, String keyword, String message) {

    public Violation {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(message, "message");
    }
}
