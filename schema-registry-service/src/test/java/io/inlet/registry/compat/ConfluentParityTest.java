package io.inlet.registry.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.registry.schema.JsonSchemaParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Table-driven: {@code compat/confluent-parity-cases.json} holds our own cases, one schema change
 * each (writer = previous version, reader = new version, i.e. a BACKWARD check), with the verdict
 * Confluent Schema Registry's rules give, and Inlet's expected result under each policy
 * (each schema read as the registry reads it: by {@code $schema}, else draft-07):
 * {@code ok}, or {@code RULE@pointer}. A case whose strict verdict differs from Confluent's must
 * say why ({@code differs}); the README lists the same differences.
 */
class ConfluentParityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static List<JsonNode> cases() throws IOException {
        try (InputStream in = ConfluentParityTest.class.getResourceAsStream("/compat/confluent-parity-cases.json")) {
            return List.copyOf(JSON.readTree(in).values());
        }
    }

    static Stream<Arguments> table() throws IOException {
        return cases().stream().map(c -> Arguments.of(c.get("keyword").asString() + ": " + c.get("case").asString(), c));
    }

    /** Each schema as the registry reads it: its dialect by $schema, else draft-07. */
    private static final JsonSchemaParser PARSER = new JsonSchemaParser();

    private static List<Incompatibility> check(JsonNode c, CompatibilityPolicy policy) {
        return new JsonSchemaCompatibility("new schema", "version 1", policy)
                .readerAcceptsWriter(PARSER.forComparison(c.get("reader")), PARSER.forComparison(c.get("writer")));
    }

    private static String expected(JsonNode c, CompatibilityPolicy policy) {
        return policy == CompatibilityPolicy.STRICT && c.has("strict") ? c.get("strict").asString()
                : c.get("expect").asString();
    }

    private static void assertResult(JsonNode c, CompatibilityPolicy policy) {
        String expected = expected(c, policy);
        List<Incompatibility> found = check(c, policy);
        if (expected.equals("ok")) {
            assertThat(found).as("%s under %s", c, policy).isEmpty();
            return;
        }
        String rule = expected.substring(0, expected.indexOf('@'));
        String pointer = expected.substring(expected.indexOf('@') + 1);
        assertThat(found).as("%s under %s", c, policy).anySatisfy(i -> {
            assertThat(i.rule().name()).isEqualTo(rule);
            assertThat(i.pointer()).isEqualTo(pointer);
            assertThat(i.describe()).contains(rule).contains(pointer.isEmpty() ? "(root)" : pointer);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void lenientPolicy(String name, JsonNode c) {
        assertResult(c, CompatibilityPolicy.LENIENT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void strictPolicy(String name, JsonNode c) {
        assertResult(c, CompatibilityPolicy.STRICT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void everyChangeIsCompatibleWithItsOwnSchema(String name, JsonNode c) {
        for (String side : List.of("reader", "writer")) {
            JsonNode schema = PARSER.forComparison(c.get(side));
            assertThat(new JsonSchemaCompatibility("a", "b", CompatibilityPolicy.STRICT)
                    .readerAcceptsWriter(schema, schema)).as("%s against itself", c.get(side)).isEmpty();
        }
    }

    @Test
    void strictAgreesWithConfluentExceptOnTheDocumentedDifferences() throws IOException {
        Map<String, int[]> byKeyword = new TreeMap<>(); // [cases, lenient agrees, strict agrees]
        for (JsonNode c : cases()) {
            String confluent = c.get("confluent").asString();
            boolean strictAgrees = verdict(check(c, CompatibilityPolicy.STRICT)).equals(confluent);
            boolean lenientAgrees = verdict(check(c, CompatibilityPolicy.LENIENT)).equals(confluent);
            assertThat(strictAgrees || c.has("differs")).as("undocumented difference from Confluent: %s", c).isTrue();
            assertThat(strictAgrees && c.has("differs")).as("documented difference that is none: %s", c).isFalse();
            int[] counts = byKeyword.computeIfAbsent(c.get("keyword").asString(), k -> new int[3]);
            counts[0]++;
            counts[1] += lenientAgrees ? 1 : 0;
            counts[2] += strictAgrees ? 1 : 0;
        }
        byKeyword.forEach((keyword, n) -> System.out.printf("parity %-22s cases %2d lenient %2d strict %2d%n",
                keyword, n[0], n[1], n[2]));
    }

    private static String verdict(List<Incompatibility> found) {
        return found.isEmpty() ? "ok" : "no";
    }
}
