package io.inlet.validation;

/** A value that passed validation but cannot be represented as the schema's type (e.g. an integer beyond 64 bits). */
public class TypingException extends RuntimeException {

    private final String pointer;
    private final String keyword;

    public TypingException(String pointer, String keyword, String message) {
        super(message);
        this.pointer = pointer;
        this.keyword = keyword;
    }

    public String pointer() {
        return pointer;
    }

    public String keyword() {
        return keyword;
    }
}
