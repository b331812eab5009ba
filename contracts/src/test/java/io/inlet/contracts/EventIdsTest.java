package io.inlet.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void anIdIsVisibleAsciiWithinTheLimit() {
        assertThat(EventIds.isValid("order-42:a/b~", 128)).isTrue();
        assertThat(EventIds.problemWith("", 128)).contains("empty");
        assertThat(EventIds.problemWith("a b", 128)).contains("character 1").contains("U+0020");
        assertThat(EventIds.problemWith("caf\u00e9", 128)).contains("U+00E9");
        assertThat(EventIds.problemWith("x".repeat(17), 16)).contains("17 characters");
        assertThat(EventIds.problemWith("a\u007f", 128)).contains("U+007F");
    }

    @Test
    void theEventsOfOneKeyAreNumberedUnlessAlone() {
        assertThat(EventIds.derived("k", 0, 1)).isEqualTo("k");
        assertThat(EventIds.derived("k", 3, 5)).isEqualTo("k-3");
    }

    @Test
    void fallbackIdsAreStableAndDistinct() {
        String basis = EventIds.basis("inlet.raw.t", null, "INLET_RAW", 7L, new byte[0]);
        assertThat(basis).isEqualTo("seq:INLET_RAW:7");
        assertThat(EventIds.fallback(basis, 0)).isEqualTo(EventIds.fallback(basis, 0))
                .isNotEqualTo(EventIds.fallback(basis, 1)).isNotEqualTo(EventIds.fallbackForMessage(basis));
        assertThat(EventIds.basis("inlet.raw.t", "pub-1", "INLET_RAW", 7L, null)).isEqualTo("msg-id:inlet.raw.t:pub-1");
        assertThat(EventIds.basis("s", null, null, null, new byte[] {1}))
                .isEqualTo(EventIds.basis("s", null, null, null, new byte[] {1})).startsWith("content:s:");
    }
}
