package io.inlet.binder.tracing;

/**
 * Where a span is, to continue or link to it later: the ids of a W3C {@code traceparent} and its sampled flag. The lake
 * keeps one per frame until the frame's file is committed; a gathered frame keeps one per input.
 *
 * @param traceId 32 lower-case hex digits
 * @param spanId  16 lower-case hex digits
 */
public record SpanRef(String traceId, String spanId, boolean sampled) {

    /** The W3C header that carries a span's context across NATS (the propagator Boot configures writes it). */
    public static final String TRACEPARENT = "traceparent";

    /**
     * Reads a {@code traceparent} value ({@code 00-<trace id>-<span id>-<flags>}).
     *
     * @return its span, or {@code null} when the value is missing or not one (an invalid context is no link)
     */
    public static SpanRef fromTraceparent(Object header) {
        if (header == null) {
            return null;
        }
        String value = header.toString().trim();
        if (value.length() < 55 || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
            return null;
        }
        String traceId = value.substring(3, 35);
        String spanId = value.substring(36, 52);
        if (!hex(traceId) || !hex(spanId) || !hex(value.substring(53, 55)) || zeros(traceId) || zeros(spanId)) {
            return null;
        }
        boolean sampled = (Integer.parseInt(value.substring(53, 55), 16) & 1) == 1;
        return new SpanRef(traceId, spanId, sampled);
    }

    private static boolean hex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
