package io.inlet.normalizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static int check(int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        return Utf8.firstInvalid(data, 0, data.length);
    }

    @Test
    void acceptsWellFormedText() {
        byte[] text = "aé€𝄞 ✓ 漢字".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.firstInvalid(text, 0, text.length)).isEqualTo(-1);
    }

    @Test
    void rejectsOverlongSurrogatesTruncatedAndOutOfRange() {
        assertThat(check('a', 0xC0, 0xAF)).as("overlong /").isEqualTo(1);
        assertThat(check(0xC1, 0xBF)).as("overlong").isZero();
        assertThat(check(0xE0, 0x80, 0xAF)).as("overlong 3-byte").isZero();
        assertThat(check(0xED, 0xA0, 0x80)).as("surrogate").isZero();
        assertThat(check(0xF0, 0x80, 0x80, 0xAF)).as("overlong 4-byte").isZero();
        assertThat(check(0xF4, 0x90, 0x80, 0x80)).as("above U+10FFFF").isZero();
        assertThat(check(0xF5, 0x80, 0x80, 0x80)).isZero();
        assertThat(check('a', 'b', 0xE2, 0x82)).as("truncated").isEqualTo(2);
        assertThat(check(0x80)).as("lone continuation").isZero();
        assertThat(check(0xC3, 0x28)).as("bad continuation").isZero();
        assertThat(check(0xFF)).isZero();
    }
}
