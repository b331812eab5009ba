package io.inlet.normalizer;

import io.inlet.normalizer.Problem.Kind;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;

/** The problems the streaming parser meets, located at its line and column and told in words. */
final class JsonProblems {

    private JsonProblems() {
    }

    static Problem trailing(JsonParser parser, JsonToken next) {
        TokenStreamLocation at = parser.currentTokenLocation();
        return Problem.of(Kind.TRAILING_CONTENT, "Unexpected " + describe(next)
                + " after the end of the JSON value; send one JSON value (use an array or NDJSON for batches)")
                .at(at.getLineNr(), at.getColumnNr());
    }

    static Problem notAnObject(JsonParser parser, JsonToken token, Integer index, String pointer, String expected) {
        TokenStreamLocation at = parser.currentTokenLocation();
        String where = index == null ? "The body" : "Element " + index;
        return Problem.of(Kind.NOT_AN_OBJECT, where + " is " + describe(token) + "; expected an " + expected)
                .atEvent(index, pointer).at(at.getLineNr(), at.getColumnNr()).found(describe(token));
    }

    static Problem malformed(JacksonException e, int index, Integer ndjsonLine) {
        TokenStreamLocation at = e.getLocation();
        Integer line = ndjsonLine != null ? ndjsonLine : at == null ? null : at.getLineNr();
        Integer column = at == null ? null : at.getColumnNr();
        String original = firstLine(e.getOriginalMessage());
        Kind kind;
        if (e instanceof StreamConstraintsException) {
            kind = Kind.JSON_CONSTRAINT;
        } else if (e instanceof UnexpectedEndOfInputException || original.contains("end-of-input")) {
            kind = Kind.TRUNCATED_JSON;
        } else if (original.contains("Invalid UTF-8") || original.contains("Invalid UTF8")) {
            kind = Kind.INVALID_UTF8;
        } else if (original.startsWith("Duplicate Object property")) {
            kind = Kind.DUPLICATE_PROPERTY;
        } else {
            kind = Kind.MALFORMED_JSON;
        }
        String where = (line == null ? "" : " at line " + line + (column == null ? "" : ", column " + column));
        return Problem.of(kind, "Invalid JSON" + where + " (event " + index + "): " + original)
                .atEvent(index, null).at(line, column);
    }

    /** What a token is, in words: "an object", "a number", "nothing". */
    static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
