package io.inlet.lake.format;

/**
 * A JSON value that does not fit its column (e.g. a string where the schema says integer).
 *
 * @see #pointer()
 */
public class ValueConversionException extends RuntimeException {

    private final String pointer;
    private final String keyword;
    private final String reason;

    public ValueConversionException(String pointer, String keyword, String message) {
        super(message + " at '" + pointer + "'");
        this.pointer = pointer;
        this.keyword = keyword;
        this.reason = message;
    }

    /** The same for the {@code index}th row of a payload that holds an array of rows. */
    public ValueConversionException inRow(int index) {
        return new ValueConversionException("/" + index + pointer, keyword, reason);
    }

    /** JSON pointer of the value. */
    public String pointer() {
        return pointer;
    }

    /** {@code type} or {@code format}. */
    public String keyword() {
        return keyword;
    }
}
