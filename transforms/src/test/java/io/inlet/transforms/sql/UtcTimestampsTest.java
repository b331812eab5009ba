package io.inlet.transforms.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class UtcTimestampsTest {

    @Test
    void readsAndWritesTheCanonicalFormLikeJavaTime() {
        for (String text : new String[] {"2026-11-24T10:00:00.500000Z", "1970-01-01T00:00:00.000000Z",
                "1969-12-31T23:59:59.999000Z", "2024-02-29T23:59:59.123000Z", "0001-01-01T00:00:00.000000Z"}) {
            long millis = Instant.parse(text).toEpochMilli();
            assertThat(UtcTimestamps.parse(text)).as(text).isEqualTo(millis);
            assertThat(UtcTimestamps.format(millis)).as(text).isEqualTo(text);
        }
    }

    @Test
    void readsOtherRfc3339TextAndRefusesWhatIsNone() {
        assertThat(UtcTimestamps.parse("2026-11-24T11:00:00.5+01:00"))
                .isEqualTo(Instant.parse("2026-11-24T10:00:00.500Z").toEpochMilli());
        assertThat(UtcTimestamps.parse("2026-11-24T10:00:00.123456Z"))
                .isEqualTo(Instant.parse("2026-11-24T10:00:00.123Z").toEpochMilli());
        assertThatThrownBy(() -> UtcTimestamps.parse("2026-13-24T10:00:00.000000Z"))
                .isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> UtcTimestamps.parse("yesterday")).isInstanceOf(DateTimeParseException.class);
    }
}
