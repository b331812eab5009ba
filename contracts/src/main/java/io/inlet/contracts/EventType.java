package io.inlet.contracts;

import java.util.Objects;

/**
 * The name of an event type, such as {@code order.created}.
 *
 * <p>The name is also the schema registry subject and the tail of every NATS subject the event
 * travels on ({@code inlet.raw.order.created}), so it is validated here, once, such that every
 * accepted name is a valid NATS subject tail: lower-case tokens joined by single dots, each token
 * made of {@code [a-z0-9_-]}, the first character a letter, at most {@value #MAX_LENGTH}
 * characters. No empty token, wildcard ({@code *}, {@code >}), whitespace or control character
 * can get through.
 */
public record EventType(String name) implements Comparable<EventType> {

    public static final int MAX_LENGTH = 100;
    /** Where errors of input whose subject names no valid event type go: {@code inlet.errors.unroutable}. */
    public static final EventType UNROUTABLE = new EventType("unroutable");


    public EventType {
        Objects.requireNonNull(name, "event type name");
        String problem = problemWith(name);
        if (problem != null) {
            throw new InvalidEventTypeException(name, problem);
        }
    }

    public static EventType of(String name) {
        return new EventType(name);
    }

    public static boolean isValid(String name) {
        return name != null && problemWith(name) == null;
    }

    /** Why {@code name} is not a valid event type, or {@code null} when it is. */
    public static String problemWith(String name) {
        if (name.isEmpty()) {
            return "must not be empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters, was " + name.length();
        }
        if (!isWellFormed(name)) {
            return "must be lower-case tokens of [a-z0-9_-] joined by single dots, starting with a letter"
                    + " (no empty token, wildcard, whitespace or upper case)";
        }
        return null;
    }

    /**
     * {@code [a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*}, checked by hand: every event of every stage is checked, and the
     * regular expression showed in the profiles.
     */
    private static boolean isWellFormed(String name) {
        char first = name.charAt(0);
        if (first < 'a' || first > 'z') {
            return false;
        }
        boolean tokenEmpty = false;
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (tokenEmpty) {
                    return false;
                }
                tokenEmpty = true;
            } else if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
                tokenEmpty = false;
            } else {
                return false;
            }
        }
        return !tokenEmpty;
    }

    @Override
    public int compareTo(EventType other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
