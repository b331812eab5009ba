package io.inlet.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7Test {

    @Test
    void hasVersion7VariantRfcAndTheTimestamp() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00.123Z"), ZoneOffset.UTC);
        UUID id = UuidV7.generate(clock);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(UuidV7.unixMillis(id)).isEqualTo(clock.millis());
        assertThat(id.toString()).startsWith(String.format("%08x", clock.millis() >>> 16));
    }

    @Test
    void laterMillisecondsSortLater() {
        UUID earlier = UuidV7.generate(1_000_000L);
        UUID later = UuidV7.generate(1_000_001L);
        assertThat(earlier.toString()).isLessThan(later.toString());
    }

    @Test
    void idsOfTheSameMillisecondDiffer() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(UuidV7.generate(42L));
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void refusesOtherVersions() {
        assertThatThrownBy(() -> UuidV7.unixMillis(UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
    }
}
