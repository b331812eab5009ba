package io.inlet.normalizer;

/**
 * Why a body, or one event of it, cannot be taken: a value, never thrown. Each stage maps it to its own
 * answer (the gateway to a problem+json response, the consumer to an error event).
 *
 * @param kind       what is wrong; for a limit, which limit
 * @param limitValue the limit's value, for limit kinds; else {@code null}
 * @param eventIndex the event (array element, NDJSON line among the non-blank ones), 0-based; {@code null} for the body
 * @param pointer    JSON pointer of the event in the body ({@code ""} for a single object, {@code /3} for element 3);
 *                   {@code null} for NDJSON lines and the body itself
 * @param line       1-based line in the body where it was found (for NDJSON: the line of the event), or {@code null}
 * @param column     1-based column, or {@code null}
 * @param byteOffset for {@link Kind#INVALID_UTF8}: the offending byte's offset; else {@code null}
 * @param found      for {@link Kind#NOT_AN_OBJECT}: what stood there ({@code "a number"}, {@code "an array"}); else
 *                   {@code null}
 * @param message    for people: says which event and what to change
 */
public record Problem(Kind kind, Long limitValue, Integer eventIndex, String pointer, Integer line, Integer column,
                      Long byteOffset, String found, String message) {

    /** The kinds, each with a stable kebab-case reason; limits also name their setting. */
    public enum Kind {
        EMPTY_BODY("empty-body"),
        INVALID_UTF8("invalid-utf8"),
        EMPTY_BATCH("empty-batch"),
        NOT_AN_OBJECT("not-an-object"),
        TRAILING_CONTENT("trailing-content"),
        TRUNCATED_JSON("truncated-json"),
        MALFORMED_JSON("malformed-json"),
        JSON_CONSTRAINT("json-constraint"),
        DUPLICATE_PROPERTY("duplicate-property"),
        INVALID_ID("invalid-id"),
        INVALID_CLOUDEVENT("invalid-cloudevent"),
        /** A CloudEvent with {@code data_base64}: only JSON data is taken. */
        CLOUDEVENT_DATA_BASE64("unsupported-cloudevent-data"),
        /** A CloudEvent whose {@code datacontenttype} is not JSON. */
        CLOUDEVENT_CONTENT_TYPE("unsupported-cloudevent-data"),
        BODY_TOO_LARGE("body-too-large", "max-body-size"),
        TOO_MANY_EVENTS("too-many-events", "max-events"),
        EVENT_TOO_LARGE("event-too-large", "max-event-size"),
        TOO_DEEP("too-deep", "max-depth"),
        STRING_TOO_LONG("string-too-long", "max-string-length"),
        ID_TOO_LONG("id-too-long", "max-id-length");

        private final String reason;
        private final String limit;

        Kind(String reason) {
            this(reason, null);
        }

        Kind(String reason, String limit) {
            this.reason = reason;
            this.limit = limit;
        }

        /** Stable, kebab-case, e.g. {@code too-deep}. */
        public String reason() {
            return reason;
        }

        /** The limit's name ({@code max-depth}), or {@code null} when this is no limit. */
        public String limit() {
            return limit;
        }

        public boolean isLimit() {
            return limit != null;
        }
    }

    static Problem of(Kind kind, String message) {
        return new Problem(kind, null, null, null, null, null, null, null, message);
    }

    static Problem limit(Kind kind, long value, String message) {
        return new Problem(kind, value, null, null, null, null, null, null, message);
    }

    /** A copy that names event {@code index} (and its pointer, when the event lies in a JSON array or object). */
    Problem atEvent(Integer index, String pointer) {
        return new Problem(kind, limitValue, index, pointer, line, column, byteOffset, found, message);
    }

    Problem found(String what) {
        return new Problem(kind, limitValue, eventIndex, pointer, line, column, byteOffset, what, message);
    }

    Problem at(Integer line, Integer column) {
        return new Problem(kind, limitValue, eventIndex, pointer, line, column, byteOffset, found, message);
    }

    Problem atByte(long offset) {
        return new Problem(kind, limitValue, eventIndex, pointer, line, column, offset, found, message);
    }

    /** At most 100 characters of {@code text}, control characters as {@code ?}: safe to echo in a message. */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < 100; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return text.length() > 100 ? out + "..." : out.toString();
    }
}
