package io.inlet.normalizer;

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
 * Jackson decodes most bad sequences as errors but lets overlong two-byte forms through, and
 * Inlet keeps the producer's bytes as they are, so the splitter checks them itself once.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** The offset of the first byte that is not part of a valid sequence, or -1 if all is valid. */
    public static int firstInvalid(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xff;
            int start = i;
            if (lead >= 0xC2 && lead <= 0xDF) {
                if (!continuation(bytes, i + 1, to, 0x80, 0xBF)) {
                    return start;
                }
                i += 2;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                int low = lead == 0xE0 ? 0xA0 : 0x80;
                int high = lead == 0xED ? 0x9F : 0xBF;
                if (!continuation(bytes, i + 1, to, low, high) || !continuation(bytes, i + 2, to, 0x80, 0xBF)) {
                    return start;
                }
                i += 3;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                int low = lead == 0xF0 ? 0x90 : 0x80;
                int high = lead == 0xF4 ? 0x8F : 0xBF;
                if (!continuation(bytes, i + 1, to, low, high) || !continuation(bytes, i + 2, to, 0x80, 0xBF)
                        || !continuation(bytes, i + 3, to, 0x80, 0xBF)) {
                    return start;
                }
                i += 4;
            } else {
                return start;
            }
        }
        return -1;
    }

    private static boolean continuation(byte[] bytes, int index, int to, int low, int high) {
        if (index >= to) {
            return false;
        }
        int b = bytes[index] & 0xff;
        return b >= low && b <= high;
    }
}
