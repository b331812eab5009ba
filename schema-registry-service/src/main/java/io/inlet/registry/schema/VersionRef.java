package io.inlet.registry.schema;

/** A version as given in a URL: a number from 1, or {@code latest} (also {@code -1}). */
public record VersionRef(Integer number) {

    public static final VersionRef LATEST = new VersionRef(null);

    public static VersionRef parse(String text) {
        if ("latest".equals(text) || "-1".equals(text)) {
            return LATEST;
        }
        try {
            int number = Integer.parseInt(text);
            if (number >= 1) {
                return new VersionRef(number);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new InvalidVersionException(text == null ? "" : text);
    }

    public boolean latest() {
        return number == null;
    }
}
