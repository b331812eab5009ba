package io.inlet.contracts;

/** Thrown when a string is not a valid {@link EventType} name; the message says why. */
public class InvalidEventTypeException extends IllegalArgumentException {

    private final String rejectedName;

    public InvalidEventTypeException(String rejectedName, String reason) {
        super("Invalid event type '" + printable(rejectedName) + "': " + reason);
        this.rejectedName = rejectedName;
    }

    public String rejectedName() {
        return rejectedName;
    }

    /** Keeps control characters and overlong input out of messages and logs. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && i < 120; i++) {
            char c = name.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
        }
        if (name.length() > 120) {
            out.append("...");
        }
        return out.toString();
    }
}
