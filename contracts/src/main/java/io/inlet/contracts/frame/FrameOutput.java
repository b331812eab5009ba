package io.inlet.contracts.frame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growing byte buffer with the frame format's primitive encodings (see {@link FrameCodec}). */
final class FrameOutput {

    private byte[] buffer;
    private int length;

    FrameOutput(int initialCapacity) {
        buffer = new byte[Math.max(initialCapacity, 64)];
    }

    FrameOutput u8(int value) {
        ensure(1);
        buffer[length++] = (byte) value;
        return this;
    }

    FrameOutput u32(int value) {
        ensure(4);
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
        return this;
    }

    FrameOutput uvar(long value) {
        ensure(10);
        long rest = value;
        while ((rest & ~0x7fL) != 0) {
            buffer[length++] = (byte) ((rest & 0x7f) | 0x80);
            rest >>>= 7;
        }
        buffer[length++] = (byte) rest;
        return this;
    }

    FrameOutput svar(long value) {
        return uvar((value << 1) ^ (value >> 63));
    }

    FrameOutput optUvar(Long value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException("negative value " + value + " cannot be framed");
        }
        return uvar(value == null ? 0 : value + 1);
    }

    FrameOutput string(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    FrameOutput optString(String text) {
        if (text == null) {
            return uvar(0);
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        uvar(utf8.length + 1L);
        return raw(utf8);
    }

    FrameOutput bytes(byte[] bytes) {
        uvar(bytes.length);
        return raw(bytes);
    }

    private FrameOutput raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
        return this;
    }

    byte[] buffer() {
        return buffer;
    }

    int length() {
        return length;
    }

    /** The bytes the buffer holds now, written or not. */
    int capacity() {
        return buffer.length;
    }

    /** Takes {@code count} bytes written into {@link #buffer()} directly (after {@link #length()}) as written. */
    FrameOutput skip(int count) {
        if (count < 0 || length + count > buffer.length) {
            throw new IllegalArgumentException(count + " bytes do not fit after " + length + " of " + buffer.length);
        }
        length += count;
        return this;
    }

    byte[] toByteArray() {
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
