package io.inlet.contracts.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * RFC 3339 date-times, the one reader and writer of them every stage uses (the {@code date-time} values of events,
 * once typed by the pipeline, and their columns in the lake and in sql steps).
 * <ul>
 *   <li>{@link #canonicalUtc}: the <em>canonical</em> text the pipeline's typer writes into a valid event —
 *       UTC, six fractional digits, {@code 2026-11-24T10:00:00.500000Z};</li>
 *   <li>{@link #epochMicros} / {@link #epochMillis}: any RFC 3339 text as a number, what the lake writes to Parquet
 *       and a sql step computes with;</li>
 *   <li>{@link #canonicalUtcOfMillis} / {@link #canonicalUtcOfMicros}: the canonical text of a sql step's TIMESTAMP
 *       result and of a value the lake stored (dry runs and replays read stored rows back as events).</li>
 * </ul>
 * Every reader accepts and rejects exactly the texts {@link OffsetDateTime#parse} accepts after upper-casing (RFC
 * 3339 allows a lower-case {@code t} and {@code z}). The common shape {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:mm)}
 * is read by position — a formatter costs about a microsecond per value, a tenth of the lake's CPU when it was one —
 * and everything else goes through {@link OffsetDateTime#parse}; property tests hold the two paths equal.
 */
public final class Rfc3339 {

    /** The canonical form: UTC, six fractional digits. */
    public static final DateTimeFormatter CANONICAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'",
            Locale.ROOT);

    private static final long NOT_COMMON = Long.MIN_VALUE;
    private static final int CANONICAL_LENGTH = "2026-11-24T10:00:00.000000Z".length();

    private Rfc3339() {
    }

    /**
     * Microseconds since the epoch (a fraction beyond six digits is cut).
     *
     * @throws DateTimeException   when {@code text} is not an RFC 3339 date-time
     * @throws ArithmeticException when it is out of the range of microseconds in a {@code long}
     */
    public static long epochMicros(String text) {
        long fast = parseCommon(text, 6);
        if (fast != NOT_COMMON) {
            return fast;
        }
        Instant instant = parse(text).toInstant();
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    /**
     * Milliseconds since the epoch (a fraction beyond three digits is cut).
     *
     * @throws DateTimeException   when {@code text} is not an RFC 3339 date-time
     * @throws ArithmeticException when it is out of the range of milliseconds in a {@code long}
     */
    public static long epochMillis(String text) {
        long fast = parseCommon(text, 3);
        if (fast != NOT_COMMON) {
            return fast;
        }
        return parse(text).toInstant().toEpochMilli();
    }

    /**
     * The canonical text of an RFC 3339 date-time. The usual UTC form ({@code YYYY-MM-DDTHH:MM:SS[.f…]Z}, fields in
     * range, days up to 28, up to nine fractional digits) is rewritten as text — the fraction padded or cut, the
     * same text as parsing and formatting give; the text itself when it is canonical already — anything else
     * (offsets, lower case, days 29–31, leap seconds) is parsed and formatted.
     *
     * @throws DateTimeException when {@code text} is not an RFC 3339 date-time
     */
    public static String canonicalUtc(String text) {
        String fast = canonicalFastPath(text);
        if (fast != null) {
            return fast;
        }
        return CANONICAL.format(parse(text).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    }

    /** The canonical text of epoch milliseconds. */
    public static String canonicalUtcOfMillis(long epochMillis) {
        long days = Math.floorDiv(epochMillis, 86_400_000L);
        long inDay = Math.floorMod(epochMillis, 86_400_000L);
        LocalDate date = LocalDate.ofEpochDay(days);
        if (date.getYear() < 0 || date.getYear() > 9999) {
            return CANONICAL.format(Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
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

    /** The canonical text of epoch microseconds (a value the lake stored). */
    public static String canonicalUtcOfMicros(long epochMicros) {
        return CANONICAL.format(Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1000).atOffset(ZoneOffset.UTC));
    }

    /** {@link #canonicalUtc} by text alone, or null when {@code text} is not of the usual UTC form. */
    static String canonicalFastPath(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int fractionDigits;
        if (length == 20) {
            fractionDigits = 0;
        } else {
            fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9
                    || digits(text, 20, fractionDigits) < 0) {
                return null;
            }
        }
        if (fractionDigits == 6) {
            return text;
        }
        StringBuilder out = new StringBuilder(CANONICAL_LENGTH).append(text, 0, 19).append('.');
        if (fractionDigits > 6) {
            out.append(text, 20, 26);
        } else {
            out.append(text, 20, 20 + fractionDigits).append("000000", 0, 6 - fractionDigits);
        }
        return out.append('Z').toString();
    }

    /** {@link OffsetDateTime#parse} of the upper-cased text: the reference every fast path is held to. */
    static OffsetDateTime parse(String text) {
        return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT));
    }

    /**
     * The value in units of 10^-{@code fractionKept} seconds, or {@link #NOT_COMMON} when the text is not of the
     * common shape (or not valid): the caller then parses it.
     */
    private static long parseCommon(String s, int fractionKept) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return NOT_COMMON;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return NOT_COMMON;
        }
        int i = 19;
        long fraction = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                if (i - start < fractionKept) {
                    fraction = fraction * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return NOT_COMMON;
            }
            for (int k = count; k < fractionKept; k++) {
                fraction *= 10;
            }
        }
        if (i >= n) {
            return NOT_COMMON;
        }
        int offsetSeconds;
        char zone = s.charAt(i);
        if ((zone == 'Z' || zone == 'z') && i + 1 == n) {
            offsetSeconds = 0;
        } else if ((zone == '+' || zone == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int offsetHours = digits(s, i + 1, 2);
            int offsetMinutes = digits(s, i + 4, 2);
            if (offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59
                    || offsetHours == 18 && offsetMinutes > 0) {
                return NOT_COMMON;
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (zone == '-' ? -1 : 1);
        } else {
            return NOT_COMMON;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        long unitsPerSecond = fractionKept == 6 ? 1_000_000L : 1_000L;
        return Math.addExact(Math.multiplyExact(seconds, unitsPerSecond), fraction);
    }

    /** The decimal value of {@code count} ASCII digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
