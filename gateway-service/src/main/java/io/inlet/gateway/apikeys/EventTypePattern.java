package io.inlet.gateway.apikeys;

import io.inlet.contracts.EventType;
import java.util.regex.Pattern;

/**
 * Which event types an API key may send, in NATS subject syntax over event type names: {@code *}
 * stands for exactly one token, a final {@code >} for one or more. {@code orders.*} allows
 * {@code orders.created} but neither {@code orders.item.added} nor {@code users.created};
 * {@code orders.>} allows both {@code orders.*} types and deeper ones; {@code >} allows every type.
 */
public record EventTypePattern(String value) {

    private static final Pattern TOKEN = Pattern.compile("[a-z0-9_-]+");

    public EventTypePattern {
        String problem = problemWith(value);
        if (problem != null) {
            throw new InvalidApiKeyRequestException("Invalid event type pattern '" + value + "': " + problem);
        }
    }

    public static EventTypePattern of(String value) {
        return new EventTypePattern(value);
    }

    static String problemWith(String value) {
        if (value == null || value.isEmpty()) {
            return "must not be empty";
        }
        if (value.length() > EventType.MAX_LENGTH) {
            return "must be at most " + EventType.MAX_LENGTH + " characters";
        }
        String[] tokens = value.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            boolean last = i == tokens.length - 1;
            if (token.equals("*") || (token.equals(">") && last)) {
                continue;
            }
            if (!TOKEN.matcher(token).matches()) {
                return "tokens are lower-case [a-z0-9_-], '*' for one token, or a final '>' for the rest";
            }
        }
        return null;
    }

    public boolean matches(EventType type) {
        String[] pattern = value.split("\\.");
        String[] name = type.name().split("\\.");
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].equals(">")) {
                return name.length > i;
            }
            if (i >= name.length || (!pattern[i].equals("*") && !pattern[i].equals(name[i]))) {
                return false;
            }
        }
        return pattern.length == name.length;
    }

    @Override
    public String toString() {
        return value;
    }
}
