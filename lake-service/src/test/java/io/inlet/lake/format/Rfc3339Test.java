package io.inlet.lake.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-11-24T10:15:30Z", "2026-11-24T10:15:30.1Z", "2026-11-24T10:15:30.123456Z",
            "2026-11-24T10:15:30.123456789Z", "2026-11-24t10:15:30z", "2026-11-24T10:15:30+05:30",
            "2026-11-24T10:15:30.5-08:00", "1969-12-31T23:59:59.999999Z", "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999+18:00", "2024-02-29T12:00:00-18:00", "1970-01-01T01:00:00.000001+01:00",
            // shapes java.time accepts beyond RFC 3339, read the same as before
            "2026-11-24T10:15Z", "2026-11-24T10:15:30.Z"})
    void readsWhatOffsetDateTimeReads(String text) {
        assertThat(Rfc3339.epochMicros(text)).isEqualTo(reference(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-11-24", "2026-11-24T10:15:30", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
            "2026-11-31T00:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T10:60:00Z",
            "2026-11-24T10:15:30.1234567890Z", "2026-11-24T10:15:30+5:30", "2026-11-24T10:15:30+19:00",
            "2026-11-24 10:15:30Z", "2026-11-24T10:15:30Zjunk", "2026-1a-24T10:15:30Z", "not a date at all!!"})
    void rejectsWhatOffsetDateTimeRejects(String text) {
        assertThatThrownBy(() -> OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)))
                .isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Rfc3339.epochMicros(text)).isInstanceOf(DateTimeException.class);
    }

    @Test
    void agreesWithOffsetDateTimeOnRandomInstantsAndOffsets() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L - 64_800L);
            int nanos = random.nextInt(1_000_000_000);
            int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
            String text = OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos),
                    java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60)).toString();
            if (OffsetDateTime.parse(text).getYear() < 1) {
                continue;
            }
            assertThat(Rfc3339.epochMicros(text)).as(text).isEqualTo(reference(text));
        }
    }

    private static long reference(String text) {
        Instant instant = OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }
}
