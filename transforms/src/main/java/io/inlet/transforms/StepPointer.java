package io.inlet.transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON pointer (RFC 6901) naming a property of the event, e.g. {@code /order/total}: at least one
 * segment, no empty segment, {@code ~0}/{@code ~1} escapes only. Segments are object property names.
 */
public record StepPointer(String text, List<String> segments) {

    public StepPointer {
        segments = List.copyOf(segments);
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} with the reason. */
    public static StepPointer parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("must be a JSON pointer to a property, e.g. \"/a/b\"");
        }
        if (text.charAt(0) != '/') {
            throw new IllegalArgumentException("JSON pointer must start with '/': \"" + text + "\"");
        }
        List<String> segments = new ArrayList<>();
        for (String raw : text.substring(1).split("/", -1)) {
            if (raw.isEmpty()) {
                throw new IllegalArgumentException("JSON pointer has an empty segment: \"" + text + "\"");
            }
            StringBuilder segment = new StringBuilder(raw.length());
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c != '~') {
                    segment.append(c);
                } else if (i + 1 < raw.length() && (raw.charAt(i + 1) == '0' || raw.charAt(i + 1) == '1')) {
                    segment.append(raw.charAt(++i) == '0' ? '~' : '/');
                } else {
                    throw new IllegalArgumentException("JSON pointer has a '~' not followed by 0 or 1: \"" + text + "\"");
                }
            }
            segments.add(segment.toString());
        }
        return new StepPointer(text, segments);
    }

    /** Whether {@code other} lies inside the value this pointer names. */
    public boolean isAncestorOf(StepPointer other) {
        return other.segments.size() > segments.size() && other.segments.subList(0, segments.size()).equals(segments);
    }

    @Override
    public String toString() {
        return text;
    }
}
