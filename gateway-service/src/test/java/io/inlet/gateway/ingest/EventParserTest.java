package io.inlet.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class EventParserTest {

    private static final IngestLimits LIMITS = new IngestLimits(DataSize.ofKilobytes(64), 5, DataSize.ofBytes(200), 4,
            20, 32);
    private final EventParser parser = new EventParser(LIMITS, "id");

    private List<ParsedEvent> parse(BodyFormat format, String body) {
        return parse(format, body, Map.of());
    }

    private List<ParsedEvent> parse(BodyFormat format, String body, Map<String, String> attributes) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return parser.parse(format, bytes, bytes.length, attributes);
    }

    private static String json(ParsedEvent event) {
        return new String(event.json(), StandardCharsets.UTF_8);
    }

    @Test
    void singleObjectIsPublishedByteForByteWithItsId() {
        List<ParsedEvent> events = parse(BodyFormat.JSON, "  {\"id\": \"a-1\", \"n\": [1, {\"x\": \"é\"}]}  \n");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(json(e)).isEqualTo("{\"id\": \"a-1\", \"n\": [1, {\"x\": \"é\"}]}");
            assertThat(e.clientId()).isEqualTo("a-1");
        });
    }

    @Test
    void arrayElementsAndNdjsonLinesAreSlicedExactly() {
        List<ParsedEvent> array = parse(BodyFormat.JSON, "[{\"a\":1},\n {\"id\":42,\"b\":\"ü\"}]");
        assertThat(array).extracting(EventParserTest::json).containsExactly("{\"a\":1}", "{\"id\":42,\"b\":\"ü\"}");
        assertThat(array).extracting(ParsedEvent::clientId).containsExactly(null, "42");

        List<ParsedEvent> lines = parse(BodyFormat.NDJSON, "{\"a\":\"ö\"}\r\n\n  {\"id\":\"x\"}  \n{\"c\":3}");
        assertThat(lines).extracting(EventParserTest::json).containsExactly("{\"a\":\"ö\"}", "{\"id\":\"x\"}", "{\"c\":3}");
        assertThat(lines).extracting(ParsedEvent::index).containsExactly(0, 1, 2);
    }

    @Test
    void nestedIdIsNotTheEventId() {
        assertThat(parse(BodyFormat.JSON, "{\"user\":{\"id\":\"u1\"}}").get(0).clientId()).isNull();
    }

    @Test
    void structuredCloudEventPublishesItsDataWithItsAttributesAsSent() {
        List<ParsedEvent> events = parse(BodyFormat.CLOUDEVENT, "{\"specversion\":\"1.0\",\"id\":\"ce-1\","
                + "\"source\":\"/shop\",\"type\":\"order.created\",\"subject\":\"a b\",\"data\":{\"total\":3}}");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(json(e)).isEqualTo("{\"total\":3}");
            assertThat(e.clientId()).isEqualTo("ce-1");
            assertThat(e.cloudEventType()).isEqualTo("order.created");
            assertThat(e.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("specversion", "1.0", "id", "ce-1",
                    "source", "/shop", "type", "order.created", "subject", "a b"));
        });
    }

    @Test
    void binaryCloudEventTakesAttributesFromHeadersPercentDecoded() {
        List<ParsedEvent> events = parse(BodyFormat.CLOUDEVENT_BINARY, "{\"total\":3}",
                Map.of("specversion", "1.0", "id", "b-1", "source", "/s", "type", "order.created",
                        "subject", "Gr%C3%BC%C3%9Fe%2042"));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(json(e)).isEqualTo("{\"total\":3}");
            assertThat(e.clientId()).isEqualTo("b-1");
            assertThat(e.attributes()).containsEntry("subject", "Grüße 42").containsEntry("source", "/s")
                    .doesNotContainKey("ce-subject");
        });
        for (String bad : new String[] {"50%", "%4", "%zz", "%C3"}) {
            assertThatThrownBy(() -> parse(BodyFormat.CLOUDEVENT_BINARY, "{}", Map.of("specversion", "1.0", "id",
                    "b-1", "source", "/s", "type", "order.created", "subject", bad)))
                    .as(bad).isInstanceOfSatisfying(InvalidEventsException.class,
                            e -> assertThat(e.reason()).isEqualTo("invalid-cloudevent"));
        }
    }

    @Test
    void idsFollowTheOneIdRuleWithTheirOwnProblems() {
        assertThat(parser.checkId("a-1_!~", 0)).isEqualTo("a-1_!~");
        assertThatThrownBy(() -> parser.checkId("x".repeat(33), 2))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo(LimitExceededException.Limit.MAX_ID_LENGTH);
                    assertThat(e.getMessage()).isEqualTo("Event 2: the id is 33 characters; max-id-length is 32");
                });
        for (String bad : new String[] {"", "a b", "tab\t", "é"}) {
            assertThatThrownBy(() -> parser.checkId(bad, 1)).as(bad)
                    .isInstanceOfSatisfying(InvalidEventsException.class, e -> {
                        assertThat(e.reason()).isEqualTo("invalid-id");
                        assertThat(e.getMessage()).isEqualTo("Event 1: an id must be 1 or more visible ASCII "
                                + "characters (no spaces or control characters)");
                    });
        }
    }

    @Test
    void limitsNameThemselves() {
        assertThatThrownBy(() -> parse(BodyFormat.JSON, "{\"a\":[[[[1]]]]}"))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo(LimitExceededException.Limit.MAX_DEPTH);
                    assertThat(e.properties()).containsEntry("limit", "max-depth").containsEntry("limitValue", 4L);
                });
        assertThat(parse(BodyFormat.JSON, "{\"a\":[[[1]]]}")).hasSize(1);
        assertThatThrownBy(() -> parse(BodyFormat.JSON, "{\"a\":\"" + "x".repeat(21) + "\"}"))
                .isInstanceOfSatisfying(LimitExceededException.class,
                        e -> assertThat(e.limit()).isEqualTo(LimitExceededException.Limit.MAX_STRING_LENGTH));
        assertThatThrownBy(() -> parse(BodyFormat.JSON, "{\"" + "k".repeat(21) + "\":1}"))
                .isInstanceOfSatisfying(LimitExceededException.class,
                        e -> assertThat(e.limit()).isEqualTo(LimitExceededException.Limit.MAX_STRING_LENGTH));
        assertThatThrownBy(() -> parse(BodyFormat.JSON, "[{},{},{},{},{},{}]"))
                .isInstanceOfSatisfying(LimitExceededException.class,
                        e -> assertThat(e.limit()).isEqualTo(LimitExceededException.Limit.MAX_EVENTS_PER_REQUEST));
        StringBuilder big = new StringBuilder("{");
        for (int i = 0; i < 20; i++) {
            big.append("\"a").append(i).append("\":\"0123456789\",");
        }
        big.append("\"z\":1}");
        assertThatThrownBy(() -> parse(BodyFormat.JSON, big.toString()))
                .isInstanceOfSatisfying(LimitExceededException.class,
                        e -> assertThat(e.limit()).isEqualTo(LimitExceededException.Limit.MAX_EVENT_SIZE));
    }

    @Test
    void malformedInputHasAPreciseReason() {
        assertReason("{\"a\":", "truncated-json");
        assertReason("{\"a\" 1}", "malformed-json");
        assertReason("{\"a\":1,\"a\":2}", "duplicate-property");
        assertReason("[]", "empty-batch");
        assertReason("[1]", "not-an-object");
        assertReason("\"x\"", "not-an-object");
        assertReason("{} {}", "trailing-content");
        assertReason("{\"id\":true}", "invalid-id");
        assertReason("{\"id\":\"has space\"}", "invalid-id");
        byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> parser.parse(BodyFormat.JSON, invalidUtf8, invalidUtf8.length, Map.of()))
                .isInstanceOfSatisfying(InvalidEventsException.class, e -> assertThat(e.reason()).isEqualTo("invalid-utf8"));
    }

    private void assertReason(String body, String reason) {
        assertThatThrownBy(() -> parse(BodyFormat.JSON, body))
                .isInstanceOfSatisfying(io.inlet.gateway.GatewayException.class,
                        e -> assertThat(e.reason()).as(body).isEqualTo(reason));
    }
}
