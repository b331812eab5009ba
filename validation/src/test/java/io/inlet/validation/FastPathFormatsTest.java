package io.inlet.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.format.Format;
import com.networknt.schema.keyword.FormatKeyword;
import com.networknt.schema.path.PathType;
import io.inlet.registryclient.RegistrySchema;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Each fast path may only say "valid" where networknt's format says so too (it never decides "invalid"): held to
 * networknt on chosen values, on random values shaped like each format and on single-character mutations of valid
 * ones; and the values events really carry must take the fast path, or it saves nothing.
 */
class FastPathFormatsTest {

    private static final Map<String, Format> NETWORKNT = networkntFormats();
    private static final String[] TYPICAL_URIS = {
        "https://shop.example.com/products/42", "https://example.com", "http://localhost:8080/a/b?c=d&e=f#top",
        "https://www.example.com/search?q=shoes%20red&page=2", "https://cdn.example.org/img/a_b-c.png?v=1.2.3",
        "https://example.com/p/~user/(x)!*'$,;=:@", "ftp://files.example.net/pub/", "https://t.co/abc123",
        "https://shop.example.com/checkout?step=2&utm_source=newsletter&utm_campaign=black-friday"};
    private static final String[] TYPICAL_DATE_TIMES = {
        "2026-11-24T10:15:30Z", "2026-11-24T10:15:30.123Z", "2026-11-24T10:15:30.123456789Z",
        "2026-11-24T10:15:30+05:30", "2026-11-24T10:15:30.5-08:00", "2024-02-29T00:00:00Z", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59+17:59", "2026-01-01T00:00:00-00:00"};
    private static final String[] TYPICAL_DATES = {"2026-11-24", "2024-02-29", "2000-02-29", "0000-02-29", "9999-12-31"};

    @Test
    void theValuesEventsCarryTakeTheFastPathAndNetworkntAgrees() {
        assertFastAndValid("uri", FastPathFormats::plainUri, TYPICAL_URIS);
        assertFastAndValid("date-time", FastPathFormats::plainDateTime, TYPICAL_DATE_TIMES);
        assertFastAndValid("date", FastPathFormats::plainDate, TYPICAL_DATES);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://example.com/a b", "https://exämple.com/", "https://example.com/ä", "https://example.com/?a=[1]",
        "https://example.com/%zz", "https://example.com/%4", "https://user@example.com/", "https://[::1]/",
        "https:example.com", "//example.com/", "1http://example.com/", "https://example.com/#a#b", "mailto:a@b.c",
        "urn:isbn:0451450523", "https://example.com:/", "https://example.com:123456/", "https://-x.com/", "https://"})
    void aUriOfAnotherShapeIsLeftToNetworknt(String value) {
        assertThat(FastPathFormats.plainUri(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-02-29T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T10:60:00Z",
        "2026-11-24T10:15:60Z", "2026-12-31T23:59:60Z", "2026-11-24t10:15:30z", "2026-11-24 10:15:30Z",
        "2026-11-24T10:15:30", "2026-11-24T10:15:30.Z", "2026-11-24T10:15:30.1234567890Z", "2026-11-24T10:15:30+18:00",
        "2026-11-24T10:15:30+5:30", "2026-11-24T10:15:30+05:60", "2026-11-24T10:15Z", "+2026-11-24T10:15:30Z"})
    void aDateTimeOfAnotherShapeIsLeftToNetworknt(String value) {
        assertThat(FastPathFormats.plainDateTime(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29", "1900-02-29", "2026-04-31", "2026-00-10", "2026-13-01", "2026-01-00",
        "2026-1-01", "26-01-01", "2026/01/01", "+12026-01-01", "2026-01-01T"})
    void aDateOfAnotherShapeIsLeftToNetworknt(String value) {
        assertThat(FastPathFormats.plainDate(value)).isFalse();
    }

    @Test
    void aFastPathNeverSaysValidWhereNetworkntSaysInvalid() {
        SplittableRandom random = new SplittableRandom(7);
        Map<String, Integer> fast = checkAgainstNetworknt("uri", FastPathFormats::plainUri,
                values(random, TYPICAL_URIS, FastPathFormatsTest::randomUri));
        Map<String, Integer> dateTimes = checkAgainstNetworknt("date-time", FastPathFormats::plainDateTime,
                values(random, TYPICAL_DATE_TIMES, FastPathFormatsTest::randomDateTime));
        Map<String, Integer> dates = checkAgainstNetworknt("date", FastPathFormats::plainDate,
                values(random, TYPICAL_DATES, FastPathFormatsTest::randomDate));
        // the generators reach all three cases: fast, valid only by networknt, invalid
        for (Map<String, Integer> counts : List.of(fast, dateTimes, dates)) {
            assertThat(counts).allSatisfy((outcome, n) -> assertThat(n).as(outcome).isGreaterThan(500));
        }
    }

    @Test
    void theCompilerUsesTheFastPathsAndItsViolationsAreNetworknts() throws Exception {
        for (Dialect dialect : SchemaCompiler.dialects()) {
            Map<String, Format> formats = formatsOf(dialect);
            for (String name : List.of("uri", "date-time", "date")) {
                if (formats.containsKey(name)) {
                    assertThat(formats.get(name)).as(dialect.getId() + " " + name)
                            .isInstanceOf(FastPathFormats.FastPathFormat.class);
                }
            }
            assertThat(formats).as(dialect.getId()).containsKey("uri");
        }
        String schema = """
                {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{
                "u":{"type":"string","format":"uri"},"t":{"type":"string","format":"date-time"},
                "d":{"type":"string","format":"date"}}}""";
        CompiledSchema ours = new SchemaCompiler().compile(new RegistrySchema(1L, "s", 1, "JSON", schema));
        Schema theirs = plainNetworknt(schema);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 3_000; i++) {
            var event = JsonNodeFactory.instance.objectNode()
                    .put("u", mutated(random, randomUri(random)))
                    .put("t", mutated(random, randomDateTime(random)))
                    .put("d", mutated(random, randomDate(random)));
            assertThat(ours.validate(event)).as(event.toString()).containsExactlyInAnyOrderElementsOf(
                    theirs.validate(event).stream().map(e -> new io.inlet.contracts.Violation(
                            String.valueOf(e.getInstanceLocation()), String.valueOf(e.getKeyword()), e.getMessage()))
                            .toList());
        }
    }

    private static void assertFastAndValid(String format, Predicate<String> fastPath, String[] values) {
        for (String value : values) {
            assertThat(fastPath.test(value)).as("fast path of %s for %s", format, value).isTrue();
            assertThat(NETWORKNT.get(format).matches(null, value)).as("networknt %s for %s", format, value).isTrue();
        }
    }

    /** Counts of each outcome; fails at the first value the fast path calls valid and networknt does not. */
    private static Map<String, Integer> checkAgainstNetworknt(String format, Predicate<String> fastPath,
                                                              List<String> values) {
        Format networknt = NETWORKNT.get(format);
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String value : values) {
            boolean valid = networknt.matches(null, value);
            if (fastPath.test(value)) {
                assertThat(valid).as("%s fast path said valid, networknt invalid: \"%s\"", format, value).isTrue();
                counts.merge("fast", 1, Integer::sum);
            } else {
                counts.merge(valid ? "networknt only" : "invalid", 1, Integer::sum);
            }
        }
        return counts;
    }

    private static List<String> values(SplittableRandom random, String[] typical,
                                       java.util.function.Function<SplittableRandom, String> generator) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            String value = random.nextInt(4) == 0 ? typical[random.nextInt(typical.length)] : generator.apply(random);
            values.add(random.nextBoolean() ? value : mutated(random, value));
        }
        return values;
    }

    /** The value with one character replaced, inserted or removed (sometimes a few times). */
    private static String mutated(SplittableRandom random, String value) {
        StringBuilder text = new StringBuilder(value);
        int edits = 1 + random.nextInt(random.nextInt(4) == 0 ? 4 : 1);
        for (int e = 0; e < edits; e++) {
            int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
            char c = ANY.charAt(random.nextInt(ANY.length()));
            switch (random.nextInt(3)) {
                case 0 -> text.insert(at, c);
                case 1 -> {
                    if (at < text.length()) {
                        text.setCharAt(at, c);
                    }
                }
                default -> {
                    if (at < text.length()) {
                        text.deleteCharAt(at);
                    }
                }
            }
        }
        return text.toString();
    }

    private static final String ANY = "aZ09:/?#[]@!$&'()*+,;=-._~% \"<>\\^`{|}\tTzZ+-.é€\u0000\u007f\u0080";
    private static final String URI_CHARS = "abcXYZ0189-._~!$&'()*+,;=:@/?%";

    private static String randomUri(SplittableRandom random) {
        StringBuilder uri = new StringBuilder();
        uri.append(pick(random, "http", "https", "ftp", "a+b.c-d", "x", "1a", "", "HTTP"));
        uri.append(pick(random, "://", "://", "://", ":", ":/", "//", "://user@", "://u:p@"));
        uri.append(pick(random, "example.com", "a", "a.b.c", "1.2.3.4", "999.1.1.1", "1.2.3.4.5", "a-b.c", "-a",
                "a_b", "a..b", "a.", "[::1]", "xn--bcher-kva.example", "", "localhost"));
        if (random.nextInt(3) == 0) {
            uri.append(':').append(pick(random, "80", "8080", "65535", "99999", "", "123456", "x"));
        }
        int parts = random.nextInt(5);
        for (int i = 0; i < parts; i++) {
            uri.append(pick(random, "/", "/", "?", "#", "&", "="));
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                uri.append(random.nextInt(20) == 0 ? pick(random, "%20", "%2F", "%zz", "%4", "[", "]", " ", "é")
                        : String.valueOf(URI_CHARS.charAt(random.nextInt(URI_CHARS.length()))));
            }
        }
        return uri.toString();
    }

    private static String randomDateTime(SplittableRandom random) {
        StringBuilder text = new StringBuilder(randomDate(random));
        text.append(pick(random, "T", "T", "T", "t", " "));
        text.append(two(random, 25)).append(':').append(two(random, 61)).append(':').append(two(random, 62));
        if (random.nextBoolean()) {
            text.append('.');
            int digits = random.nextInt(11);
            for (int i = 0; i < digits; i++) {
                text.append(random.nextInt(10));
            }
        }
        text.append(random.nextInt(3) == 0 ? pick(random, "Z", "z", "")
                : pick(random, "+", "-") + two(random, 26) + pick(random, ":", ":", "") + two(random, 61));
        return text.toString();
    }

    private static String randomDate(SplittableRandom random) {
        int year = random.nextInt(5) == 0 ? pick(random, 0, 1900, 2000, 2024, 2100, 9999)
                : random.nextInt(0, 10_000);
        return String.format("%04d", year) + "-" + two(random, 14) + "-" + two(random, 33);
    }

    private static String two(SplittableRandom random, int bound) {
        return String.format("%02d", random.nextInt(bound));
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static Map<String, Format> networkntFormats() {
        return com.networknt.schema.format.Formats.DEFAULT.stream()
                .collect(Collectors.toMap(Format::getName, f -> f, (a, b) -> a));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Format> formatsOf(Dialect dialect) throws Exception {
        FormatKeyword keyword = (FormatKeyword) dialect.getKeywords().get("format");
        Field formats = FormatKeyword.class.getDeclaredField("formats");
        formats.setAccessible(true);
        return (Map<String, Format>) formats.get(keyword);
    }

    private static Schema plainNetworknt(String schema) {
        SchemaRegistry registry = SchemaRegistry.withDialects(List.of(Dialects.getDraft202012()), builder -> builder
                .defaultDialectId(SpecificationVersion.DRAFT_2020_12.getDialectId())
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true)
                        .pathType(PathType.JSON_POINTER).build()));
        Schema validator = registry.getSchema(SchemaLocation.of("https://inlet.test/plain"),
                JsonMapper.builder().build().readTree(schema));
        validator.initializeValidators();
        return validator;
    }
}
