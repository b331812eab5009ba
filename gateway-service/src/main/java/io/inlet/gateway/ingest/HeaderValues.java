package io.inlet.gateway.ingest;

import java.nio.charset.StandardCharsets;

/** What may travel as a NATS header value, and how other text is made to fit. */
final class HeaderValues {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HeaderValues() {
    }

    /** Non-empty, and only U+0021 to U+007E: safe as an id and as a header value. */
    static boolean isVisibleAscii(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Only U+0020 to U+007E (space allowed). */
    static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Percent-encodes the UTF-8 bytes of space, {@code "}, {@code %} and everything outside printable
     * ASCII, as the CloudEvents HTTP binding does for {@code ce-*} header values.
     */
    static String percentEncode(String text) {
        boolean plain = true;
        for (int i = 0; i < text.length() && plain; i++) {
            char c = text.charAt(i);
            plain = c > 0x20 && c <= 0x7e && c != '"' && c != '%';
        }
        if (plain) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c <= 0x7e && c != '"' && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
