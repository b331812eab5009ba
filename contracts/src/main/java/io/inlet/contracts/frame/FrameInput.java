package io.inlet.contracts.frame;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the frame format's primitive encodings (see {@link FrameCodec}) from a byte range, refusing with a
 * {@link FrameFormatException} that names the field whatever would read past the end or is malformed.
 */
final class FrameInput {

    private final byte[] bytes;
    private final int end;
    private int position;

    FrameInput(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.position = start;
        this.end = end;
    }

    int u8(String what) {
        need(1, what);
        return bytes[position++] & 0xff;
    }

    long uvar(String what) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8(what);
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (shift == 63 && b > 1) {
                    break;
                }
                return value;
            }
        }
        throw new FrameFormatException(what + ": malformed variable-length integer at byte " + position);
    }

    long svar(String what) {
        long zigzag = uvar(what);
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    Long optUvar(String what) {
        long value = uvar(what);
        return value == 0 ? null : value - 1;
    }

    /** A count of items that follow, each at least one byte long, so never more than the bytes left. */
    int count(String what) {
        long count = uvar(what);
        if (count < 0 || count > remaining()) { // negative: a uvar of 64 bits, beyond any count
            throw new FrameFormatException(what + " " + count + " exceeds the " + remaining() + " bytes left");
        }
        return (int) count;
    }

    String string(String what) {
        return utf8(length(uvar(what), what), what);
    }

    String optString(String what) {
        long length = uvar(what);
        return length == 0 ? null : utf8(length(length - 1, what), what);
    }

    byte[] bytes(String what) {
        int length = length(uvar(what), what);
        byte[] copy = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return copy;
    }

    int position() {
        return position;
    }

    boolean atEnd() {
        return position == end;
    }

    int remaining() {
        return end - position;
    }

    private int length(long length, String what) {
        if (length < 0 || length > remaining()) { // negative: a uvar of 64 bits, beyond any length
            throw new FrameFormatException(what + ": length " + length + " exceeds the " + remaining()
                    + " bytes left (at byte " + position + ")");
        }
        return (int) length;
    }

    private String utf8(int length, String what) {
        if (ascii(position, length)) {
            // ASCII is UTF-8 as it is (ids, names, sources nearly always): no decoder, one copy
            String text = new String(bytes, position, length, StandardCharsets.ISO_8859_1);
            position += length;
            return text;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, position, length)).toString();
            position += length;
            return text;
        } catch (CharacterCodingException e) {
            throw new FrameFormatException(what + ": not UTF-8 at byte " + position, e);
        }
    }

    private boolean ascii(int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private void need(int count, String what) {
        if (remaining() < count) {
            throw new FrameFormatException(what + ": the frame ends at byte " + position);
        }
    }
}
