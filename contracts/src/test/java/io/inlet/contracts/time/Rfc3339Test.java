package io.inlet.contracts.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every reader held to {@link OffsetDateTime#parse} of the upper-cased text, on chosen and on random texts. */
class Rfc3339Test {

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-11-24T10:15:30Z", "2026-11-24T10:15:30.1Z", "2026-11-24T10:15:30.123456Z",
            "2026-11-24T10:15:30.123456789Z", "2026-11-24t10:15:30z", "2026-11-24T10:15:30+05:30",
            "2026-11-24T10:15:30.5-08:00", "1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.9995Z",
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999+18:00", "2024-02-29T12:00:00-18:00",
            "1970-01-01T01:00:00.000001+01:00",
            // shapes java.time accepts beyond RFC 3339, read the same as it reads them
            "2026-11-24T10:15Z", "2026-11-24T10:15:30.Z"})
    void readsWhatOffsetDateTimeReads(String text) {
        Instant instant = Rfc3339.parse(text).toInstant();
        assertThat(Rfc3339.epochMicros(text)).isEqualTo(micros(instant));
        assertThat(Rfc3339.epochMillis(text)).isEqualTo(instant.toEpochMilli());
        assertThat(Rfc3339.canonicalUtc(text)).isEqualTo(canonical(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-11-24", "2026-11-24T10:15:30", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
            "2026-11-31T00:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T10:60:00Z",
            "2026-11-24T10:15:30.1234567890Z", "2026-11-24T10:15:30+5:30", "2026-11-24T10:15:30+19:00",
            "2026-11-24 10:15:30Z", "2026-11-24T10:15:30Zjunk", "2026-1a-24T10:15:30Z", "not a date at all!!",
            "yesterday", "", "2026-12-31T23:59:60Z"})
    void rejectsWhatOffsetDateTimeRejects(String text) {
        assertThatThrownBy(() -> OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)))
                .isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Rfc3339.epochMicros(text)).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Rfc3339.epochMillis(text)).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Rfc3339.canonicalUtc(text)).isInstanceOf(DateTimeException.class);
    }

    @Test
    void agreesWithOffsetDateTimeOnRandomInstantsAndOffsets() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L - 64_800L);
            int nanos = random.nextInt(1_000_000_000);
            int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
            String text = OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos),
                    ZoneOffset.ofTotalSeconds(offsetMinutes * 60)).toString();
            if (OffsetDateTime.parse(text).getYear() < 1) {
                continue;
            }
            Instant instant = OffsetDateTime.parse(text).toInstant();
            assertThat(Rfc3339.epochMicros(text)).as(text).isEqualTo(micros(instant));
            assertThat(Rfc3339.epochMillis(text)).as(text).isEqualTo(instant.toEpochMilli());
            assertThat(Rfc3339.canonicalUtc(text)).as(text).isEqualTo(canonical(text));
        }
    }

    /** Random texts of the usual shape, most of them out of range somewhere: the fast paths take or leave them right. */
    @Test
    void theFastPathsAgreeWithParsingOnRandomTextsOfTheUsualShape() {
        SplittableRandom random = new SplittableRandom(13);
        int canonicalFast = 0;
        for (int n = 0; n < 200_000; n++) {
            String candidate = randomUsualShape(random);
            String rewritten = Rfc3339.canonicalFastPath(candidate);
            OffsetDateTime reference;
            try {
                reference = Rfc3339.parse(candidate);
            } catch (DateTimeException e) {
                assertThat(rewritten).as(candidate).isNull();
                assertThatThrownBy(() -> Rfc3339.epochMicros(candidate)).as(candidate)
                        .isInstanceOf(DateTimeException.class);
                assertThatThrownBy(() -> Rfc3339.epochMillis(candidate)).as(candidate)
                        .isInstanceOf(DateTimeException.class);
                continue;
            }
            if (rewritten != null) {
                canonicalFast++;
                assertThat(rewritten).as(candidate).isEqualTo(canonical(candidate));
            }
            assertThat(Rfc3339.epochMicros(candidate)).as(candidate).isEqualTo(micros(reference.toInstant()));
            assertThat(Rfc3339.epochMillis(candidate)).as(candidate).isEqualTo(reference.toInstant().toEpochMilli());
        }
        assertThat(canonicalFast).as("inputs the canonical fast path took").isGreaterThan(20_000);
        assertThat(Rfc3339.canonicalFastPath("2026-02-29T00:00:00Z")).as("days past 28 are parsed").isNull();
        assertThat(Rfc3339.canonicalFastPath("2026-12-31T23:59:60Z")).as("leap seconds are parsed").isNull();
        assertThat(Rfc3339.canonicalFastPath("2026-12-01T13:00:00.1234567891Z")).as("ten digits are parsed").isNull();
        assertThat(Rfc3339.canonicalFastPath("2026-12-01T13:00:00.123456Z")).as("canonical already")
                .isEqualTo("2026-12-01T13:00:00.123456Z");
    }

    @Test
    void writesMillisInTheCanonicalFormThatReadsBack() {
        for (String text : new String[] {"2026-11-24T10:00:00.500000Z", "1970-01-01T00:00:00.000000Z",
                "1969-12-31T23:59:59.999000Z", "2024-02-29T23:59:59.123000Z", "0001-01-01T00:00:00.000000Z"}) {
            long millis = Instant.parse(text).toEpochMilli();
            assertThat(Rfc3339.epochMillis(text)).as(text).isEqualTo(millis);
            assertThat(Rfc3339.canonicalUtcOfMillis(millis)).as(text).isEqualTo(text);
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            long millis = random.nextLong(-62_135_596_800_000L, 253_402_300_799_999L);
            String text = Rfc3339.canonicalUtcOfMillis(millis);
            assertThat(text).as("%d", millis).isEqualTo(Rfc3339.CANONICAL.format(
                    Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC)));
            assertThat(Rfc3339.epochMillis(text)).isEqualTo(millis);
            long micros = millis * 1000 + random.nextInt(1000);
            assertThat(Rfc3339.epochMicros(Rfc3339.canonicalUtcOfMicros(micros))).as("%d µs", micros).isEqualTo(micros);
        }
    }

    @Test
    void numbersBeyondALongAreAnArithmeticErrorNotAWrongValue() {
        assertThatThrownBy(() -> Rfc3339.epochMicros("+999999-01-01T00:00:00Z")).isInstanceOf(ArithmeticException.class);
        assertThat(Rfc3339.epochMillis("+999999-01-01T00:00:00Z"))
                .isEqualTo(OffsetDateTime.parse("+999999-01-01T00:00:00Z").toInstant().toEpochMilli());
    }

    private static String randomUsualShape(SplittableRandom random) {
        int fractionDigits = random.nextInt(11);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%04d-%02d-%02d%c%02d:%02d:%02d",
                random.nextInt(10_000), random.nextInt(14), random.nextInt(33), random.nextInt(20) == 0 ? 't' : 'T',
                random.nextInt(25), random.nextInt(61), random.nextInt(62)));
        if (fractionDigits > 0) {
            text.append('.');
            for (int d = 0; d < fractionDigits; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
        }
        text.append(switch (random.nextInt(8)) {
            case 0 -> "z";
            case 1 -> "+01:30";
            case 2 -> "-18:00";
            default -> "Z";
        });
        return text.toString();
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    private static String canonical(String text) {
        return Rfc3339.CANONICAL.format(OffsetDateTime.parse(text.toUpperCase(Locale.ROOT))
                .withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    }
}
