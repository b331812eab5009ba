package io.inlet.validation;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.format.Format;
import java.util.Map;
import java.util.function.Predicate;

/**
 * networknt's {@code uri}, {@code date-time} and {@code date} formats, each behind a fast path for the shape almost
 * every real value has. They were 30 % of the pipeline's CPU (bench JFR, 2026-12-02): {@code uri} builds a
 * {@link java.net.URI} and streams its code points, {@code date-time} and {@code date} run {@code java.time}
 * formatters. The fast path only ever says <em>valid</em>, and only for values in a plain shape it reads completely
 * (a hierarchical URI of ASCII characters with a host name; {@code YYYY-MM-DD}; {@code YYYY-MM-DDTHH:MM:SS[.f]} with
 * {@code Z} or an offset up to 17:59); every other value — each invalid one included — goes to networknt's format
 * as before. So the verdicts, and the violations' messages, are networknt's: {@code FastPathFormatsTest} holds each
 * fast path to its format on random and mutated values.
 */
final class FastPathFormats {

    private static final Map<String, Predicate<String>> FAST_PATHS = Map.of(
            "uri", FastPathFormats::plainUri,
            "date-time", FastPathFormats::plainDateTime,
            "date", FastPathFormats::plainDate);

    private FastPathFormats() {
    }

    /**
     * Puts each format of {@code formats} (a dialect's, by name) that has a fast path behind it; formats the dialect
     * does not have stay absent.
     */
    static void wrap(Map<String, Format> formats) {
        formats.replaceAll((name, format) -> FAST_PATHS.containsKey(name) && !(format instanceof FastPathFormat)
                ? new FastPathFormat(format, FAST_PATHS.get(name)) : format);
    }

    /** A format answering {@code true} at once for a plainly valid value, else as its delegate answers. */
    static final class FastPathFormat implements Format {

        private final Format delegate;
        private final Predicate<String> plainlyValid;

        FastPathFormat(Format delegate, Predicate<String> plainlyValid) {
            this.delegate = delegate;
            this.plainlyValid = plainlyValid;
        }

        @Override
        public String getName() {
            return delegate.getName();
        }

        @Override
        public String getMessageKey() {
            return delegate.getMessageKey();
        }

        @Override
        public boolean matches(ExecutionContext executionContext, String value) {
            return plainlyValid.test(value) || delegate.matches(executionContext, value);
        }

        @Override
        public boolean matches(ExecutionContext executionContext, SchemaContext schemaContext, String value) {
            return plainlyValid.test(value) || delegate.matches(executionContext, schemaContext, value);
        }
    }

    /**
     * {@code scheme://host[:port][/path][?query][#fragment]}: scheme letters, digits, {@code + - .}; host letters,
     * digits, {@code - .} (no user info, no IP literal); path, query and fragment of RFC 3986's unreserved and
     * sub-delims characters, {@code : @ /}, {@code ?} after the path, and percent-escapes of two hex digits — never
     * {@code [ ]}, {@code #} twice, a space or a non-ASCII character.
     */
    static boolean plainUri(String value) {
        int n = value.length();
        if (n == 0 || !letter(value.charAt(0))) {
            return false;
        }
        int i = 1;
        while (i < n && schemeChar(value.charAt(i))) {
            i++;
        }
        if (!value.startsWith("://", i)) {
            return false;
        }
        i += 3;
        int host = i;
        while (i < n && hostChar(value.charAt(i))) {
            i++;
        }
        if (i == host || !letterOrDigit(value.charAt(host))) {
            return false;
        }
        if (i < n && value.charAt(i) == ':') {
            int port = ++i;
            while (i < n && digit(value.charAt(i))) {
                i++;
            }
            if (i == port || i - port > 5) {
                return false;
            }
        }
        if (i < n && value.charAt(i) == '/') {
            i = scan(value, i, false);
        }
        if (i >= 0 && i < n && value.charAt(i) == '?') {
            i = scan(value, i + 1, true);
        }
        if (i >= 0 && i < n && value.charAt(i) == '#') {
            i = scan(value, i + 1, true);
        }
        return i == n;
    }

    /** Where the run of path (or query and fragment) characters from {@code i} ends; -1 at a bad escape. */
    private static int scan(String value, int i, boolean query) {
        int n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= n || !hex(value.charAt(i + 1)) || !hex(value.charAt(i + 2))) {
                    return -1;
                }
                i += 3;
            } else if (pathChar(c) || (query && c == '?')) {
                i++;
            } else {
                return i;
            }
        }
        return i;
    }

    /** {@code YYYY-MM-DD}, a day of the proleptic Gregorian calendar in years 0000–9999. */
    static boolean plainDate(String value) {
        return value.length() == 10 && date(value);
    }

    /**
     * {@code YYYY-MM-DDTHH:MM:SS}, a fraction of 1–9 digits or none, then {@code Z} or {@code ±HH:MM} with HH up to 17;
     * seconds up to 59 (a leap second goes to networknt, which checks the date it may fall on).
     */
    static boolean plainDateTime(String value) {
        int n = value.length();
        if (n < 20 || !date(value) || value.charAt(10) != 'T' || value.charAt(13) != ':' || value.charAt(16) != ':'
                || number(value, 11, 23) < 0 || number(value, 14, 59) < 0 || number(value, 17, 59) < 0) {
            return false;
        }
        int i = 19;
        if (value.charAt(i) == '.') {
            int fraction = ++i;
            while (i < n && digit(value.charAt(i))) {
                i++;
            }
            if (i == fraction || i - fraction > 9) {
                return false;
            }
        }
        if (i >= n - 1) {
            return i == n - 1 && value.charAt(i) == 'Z';
        }
        char sign = value.charAt(i);
        return i == n - 6 && (sign == '+' || sign == '-') && value.charAt(i + 3) == ':'
                && number(value, i + 1, 17) >= 0 && number(value, i + 4, 59) >= 0;
    }

    /** The first ten characters as {@code YYYY-MM-DD} of a real day (the caller checked the length). */
    private static boolean date(String value) {
        if (value.charAt(4) != '-' || value.charAt(7) != '-') {
            return false;
        }
        int year = 0;
        for (int i = 0; i < 4; i++) {
            char c = value.charAt(i);
            if (!digit(c)) {
                return false;
            }
            year = year * 10 + (c - '0');
        }
        int month = number(value, 5, 12);
        int day = number(value, 8, 31);
        return month >= 1 && day >= 1 && day <= daysIn(month, year);
    }

    private static int daysIn(int month, int year) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** The two digits at {@code at} as a number up to {@code max}, else -1. */
    private static int number(String value, int at, int max) {
        char tens = value.charAt(at);
        char ones = value.charAt(at + 1);
        if (!digit(tens) || !digit(ones)) {
            return -1;
        }
        int number = (tens - '0') * 10 + (ones - '0');
        return number <= max ? number : -1;
    }

    private static boolean pathChar(char c) {
        return letterOrDigit(c) || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
    }

    private static boolean schemeChar(char c) {
        return letterOrDigit(c) || c == '+' || c == '-' || c == '.';
    }

    private static boolean hostChar(char c) {
        return letterOrDigit(c) || c == '-' || c == '.';
    }

    private static boolean letterOrDigit(char c) {
        return letter(c) || digit(c);
    }

    private static boolean letter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean hex(char c) {
        return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
