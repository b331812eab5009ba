package io.inlet.transforms.sql;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Date-times between the pipeline's canonical text ({@code 2026-11-24T10:00:00.500000Z}: UTC, six fractional digits,
 * what the typer writes) and Calcite's TIMESTAMP (epoch milliseconds). The canonical form is read and written by
 * position, without a formatter (a formatter costs about a microsecond per value, most of a statement's cost);
 * any other RFC 3339 text is read with {@link OffsetDateTime#parse}.
 */
final class UtcTimestamps {

    private static final int CANONICAL_LENGTH = "2026-11-24T10:00:00.000000Z".length();

    private UtcTimestamps() {
    }

    /** Epoch milliseconds; throws {@link DateTimeParseException} for text that is no date-time. */
    static long parse(String text) {
        if (text.length() == CANONICAL_LENGTH && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':'
                && text.charAt(19) == '.' && text.charAt(26) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            int millis = digits(text, 20, 3);
            digits(text, 23, 3);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59
                    && second <= 59) {
                long days = LocalDate.of(year, month, day).toEpochDay();
                return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
            }
        }
        return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeParseException("not a date-time", text, i);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The canonical text of epoch milliseconds. */
    static String format(long epochMillis) {
        long days = Math.floorDiv(epochMillis, 86_400_000L);
        long inDay = Math.floorMod(epochMillis, 86_400_000L);
        LocalDate date = LocalDate.ofEpochDay(days);
        if (date.getYear() < 0 || date.getYear() > 9999) {
            return Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC).toString();
        }
        StringBuilder out = new StringBuilder(CANONICAL_LENGTH);
        pad(out, date.getYear(), 4).append('-');
        pad(out, date.getMonthValue(), 2).append('-');
        pad(out, date.getDayOfMonth(), 2).append('T');
        pad(out, (int) (inDay / 3_600_000), 2).append(':');
        pad(out, (int) (inDay / 60_000 % 60), 2).append(':');
        pad(out, (int) (inDay / 1000 % 60), 2).append('.');
        pad(out, (int) (inDay % 1000), 3).append("000Z");
        return out.toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
