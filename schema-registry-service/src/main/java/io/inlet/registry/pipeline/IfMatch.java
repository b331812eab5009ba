package io.inlet.registry.pipeline;

/** Reads an {@code If-Match} header holding one revision ETag ({@code "3"}, {@code W/"3"} or {@code 3}). */
final class IfMatch {

    private IfMatch() {
    }

    static Long revision(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String value = header.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("If-Match must be one pipeline revision ETag, e.g. \"3\"; got " + header);
        }
    }
}
