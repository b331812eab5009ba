package io.inlet.normalizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.normalizer.Problem.Kind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventSplitterTest {

    private static final NormalizerLimits LIMITS = new NormalizerLimits(64 * 1024, 5, 200, 4, 20, 32);
    private final EventSplitter strict = EventSplitter.allOrNothing(LIMITS, "id");
    private final EventSplitter lenient = EventSplitter.perEvent(LIMITS, "id");

    private static Split split(EventSplitter splitter, SplitFormat format, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return splitter.split(format, bytes, bytes.length);
    }

    private static String json(SplitEvent event) {
        return new String(event.json(), StandardCharsets.UTF_8);
    }

    private Problem problem(String body) {
        return split(strict, SplitFormat.JSON, body).firstProblem().orElseThrow();
    }

    @Test
    void singleObjectIsKeptByteForByteWithItsId() {
        Split split = split(strict, SplitFormat.JSON, "  {\"id\": \"a-1\", \"n\": [1.50, {\"x\": \"é\"}]}  \n");
        assertThat(split.bodyProblem()).isNull();
        assertThat(split.events()).singleElement().satisfies(e -> {
            assertThat(json(e)).isEqualTo("{\"id\": \"a-1\", \"n\": [1.50, {\"x\": \"é\"}]}");
            assertThat(e.clientId()).isEqualTo("a-1");
            assertThat(e.isRejected()).isFalse();
        });
    }

    @Test
    void arrayElementsAndNdjsonLinesAreSlicedExactly() {
        Split array = split(strict, SplitFormat.JSON, "[{\"a\":1.50},\n {\"id\":42,  \"b\":\"ü\"}]");
        assertThat(array.events()).extracting(EventSplitterTest::json)
                .containsExactly("{\"a\":1.50}", "{\"id\":42,  \"b\":\"ü\"}");
        assertThat(array.events()).extracting(SplitEvent::clientId).containsExactly(null, "42");

        Split lines = split(strict, SplitFormat.NDJSON, "{\"a\":\"ö\"}\r\n\n  {\"id\":\"x\"}  \n{\"c\":3}");
        assertThat(lines.events()).extracting(EventSplitterTest::json)
                .containsExactly("{\"a\":\"ö\"}", "{\"id\":\"x\"}", "{\"c\":3}");
        assertThat(lines.events()).extracting(SplitEvent::index).containsExactly(0, 1, 2);
    }

    @Test
    void noIdFieldMeansNoClientIdAndANestedIdIsNotTheEventId() {
        assertThat(split(strict, SplitFormat.JSON, "{\"user\":{\"id\":\"u1\"}}").events().get(0).clientId()).isNull();
        assertThat(split(EventSplitter.allOrNothing(LIMITS, null), SplitFormat.JSON, "{\"id\":\"u1\"}").events().get(0)
                .clientId()).isNull();
    }

    @Test
    void structuredCloudEventsKeepTheirDataAndAttributes() {
        Split split = split(strict, SplitFormat.CLOUDEVENTS_BATCH, "[{\"specversion\":\"1.0\",\"id\":\"ce-1\","
                + "\"source\":\"/shop\",\"type\":\"order.created\",\"data\":{\"total\": 3.0}}]");
        assertThat(split.events()).singleElement().satisfies(e -> {
            assertThat(json(e)).isEqualTo("{\"total\": 3.0}");
            assertThat(e.clientId()).isEqualTo("ce-1");
            assertThat(e.cloudEventType()).isEqualTo("order.created");
            assertThat(e.attributes()).containsEntry("source", "/shop").hasSize(4);
        });
        assertThat(split(strict, SplitFormat.CLOUDEVENT, "{\"specversion\":\"1.0\",\"id\":\"c\",\"source\":\"/s\","
                + "\"type\":\"t\",\"data_base64\":\"AA==\"}").bodyProblem().kind()).isEqualTo(Kind.CLOUDEVENT_DATA_BASE64);
        assertThat(split(strict, SplitFormat.CLOUDEVENT, "{\"specversion\":\"0.3\",\"id\":\"c\",\"source\":\"/s\","
                + "\"type\":\"t\",\"data\":{}}").bodyProblem().kind()).isEqualTo(Kind.INVALID_CLOUDEVENT);
    }

    @Test
    void idsFollowTheOneIdRule() {
        assertThat(strict.problemWithId("a-1_!~", 0)).isNull();
        Problem tooLong = strict.problemWithId("x".repeat(33), 2);
        assertThat(tooLong.kind()).isEqualTo(Kind.ID_TOO_LONG);
        assertThat(tooLong.limitValue()).isEqualTo(32L);
        assertThat(tooLong.eventIndex()).isEqualTo(2);
        for (String bad : new String[] {"", "a b", "tab\t", "é"}) {
            assertThat(strict.problemWithId(bad, 1).kind()).as(bad).isEqualTo(Kind.INVALID_ID);
        }
    }

    @Test
    void limitsAreProblemsThatNameTheLimitTheEventAndWhere() {
        Problem deep = problem("[{}, {\"a\":\n[[[[1]]]]}]");
        assertThat(deep.kind()).isEqualTo(Kind.TOO_DEEP);
        assertThat(deep.kind().limit()).isEqualTo("max-depth");
        assertThat(deep.limitValue()).isEqualTo(4L);
        assertThat(deep.eventIndex()).isEqualTo(1);
        assertThat(deep.pointer()).isEqualTo("/1");
        assertThat(deep.line()).isEqualTo(2);
        assertThat(deep.column()).isNotNull();
        assertThat(split(strict, SplitFormat.JSON, "{\"a\":[[[1]]]}").events()).hasSize(1);
        assertThat(problem("{\"a\":\"" + "x".repeat(21) + "\"}").kind()).isEqualTo(Kind.STRING_TOO_LONG);
        assertThat(problem("{\"" + "k".repeat(21) + "\":1}").kind()).isEqualTo(Kind.STRING_TOO_LONG);
        Problem tooMany = problem("[{},{},{},{},{},{}]");
        assertThat(tooMany.kind()).isEqualTo(Kind.TOO_MANY_EVENTS);
        assertThat(tooMany.eventIndex()).isNull();
        StringBuilder big = new StringBuilder("{");
        for (int i = 0; i < 20; i++) {
            big.append("\"a").append(i).append("\":\"0123456789\",");
        }
        big.append("\"z\":1}");
        assertThat(problem(big.toString()).kind()).isEqualTo(Kind.EVENT_TOO_LARGE);
        Problem body = EventSplitter.allOrNothing(new NormalizerLimits(4, 5, 2, 4, 20, 32), null)
                .split(SplitFormat.JSON, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), 7).bodyProblem();
        assertThat(body.kind()).isEqualTo(Kind.BODY_TOO_LARGE);
    }

    @Test
    void malformedInputHasAPreciseKind() {
        assertThat(problem("   ").kind()).isEqualTo(Kind.EMPTY_BODY);
        assertThat(problem("{\"a\":").kind()).isEqualTo(Kind.TRUNCATED_JSON);
        assertThat(problem("{\"a\" 1}").kind()).isEqualTo(Kind.MALFORMED_JSON);
        assertThat(problem("{\"a\":1,\"a\":2}").kind()).isEqualTo(Kind.DUPLICATE_PROPERTY);
        assertThat(problem("[]").kind()).isEqualTo(Kind.EMPTY_BATCH);
        assertThat(problem("[1]").kind()).isEqualTo(Kind.NOT_AN_OBJECT);
        assertThat(problem("\"x\"")).satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.NOT_AN_OBJECT);
            assertThat(p.found()).isEqualTo("a string");
            assertThat(p.eventIndex()).isNull();
        });
        assertThat(problem("{} {}").kind()).isEqualTo(Kind.TRAILING_CONTENT);
        assertThat(problem("{\"id\":true}").kind()).isEqualTo(Kind.INVALID_ID);
        byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Problem utf8 = strict.split(SplitFormat.JSON, invalidUtf8, invalidUtf8.length).bodyProblem();
        assertThat(utf8.kind()).isEqualTo(Kind.INVALID_UTF8);
        assertThat(utf8.byteOffset()).isEqualTo(6L);
    }

    @Test
    void perEventRejectsOnlyTheBadElementAndKeepsItsBytes() {
        Split split = split(lenient, SplitFormat.JSON,
                "[{\"ok\":1}, {\"a\":[[[[1]]]]},  \"text\" , {\"id\":\"has space\",\"x\":2}, {\"ok\":2}]");
        assertThat(split.bodyProblem()).isNull();
        assertThat(split.events()).extracting(EventSplitterTest::json).containsExactly("{\"ok\":1}",
                "{\"a\":[[[[1]]]]}", "\"text\"", "{\"id\":\"has space\",\"x\":2}", "{\"ok\":2}");
        assertThat(split.events()).extracting(e -> e.problem() == null ? null : e.problem().kind())
                .containsExactly(null, Kind.TOO_DEEP, Kind.NOT_AN_OBJECT, Kind.INVALID_ID, null);
        assertThat(split.events().get(3).clientId()).isNull();
        assertThat(split.firstProblem()).get().extracting(Problem::pointer).isEqualTo("/1");
        // Malformed JSON inside an array cannot be read past: the whole body goes.
        assertThat(split(lenient, SplitFormat.JSON, "[{\"ok\":1}, {\"a\" 1}]").bodyProblem().kind())
                .isEqualTo(Kind.MALFORMED_JSON);
    }

    @Test
    void autoTellsNdjsonFromOneValueByASecondValueOnALaterLine() {
        Split ndjson = split(lenient, SplitFormat.AUTO, "{\"n\":1}\r\n\n{\"n\":2\n[1]\n{\"n\": 3.0}");
        assertThat(ndjson.bodyProblem()).isNull();
        assertThat(ndjson.events()).extracting(EventSplitterTest::json)
                .containsExactly("{\"n\":1}", "{\"n\":2", "[1]", "{\"n\": 3.0}");
        assertThat(ndjson.events()).extracting(e -> e.problem() == null ? null : e.problem().kind())
                .containsExactly(null, Kind.TRUNCATED_JSON, Kind.NOT_AN_OBJECT, null);
        assertThat(ndjson.events().get(1).problem().line()).isEqualTo(3);
        assertThat(ndjson.events().get(1).problem().pointer()).isNull();

        assertThat(split(lenient, SplitFormat.AUTO, "[{\"a\":1}]").events()).hasSize(1);
        assertThat(split(lenient, SplitFormat.AUTO, "{} {}").bodyProblem().kind()).isEqualTo(Kind.TRAILING_CONTENT);
        assertThat(split(lenient, SplitFormat.AUTO, "{\n \"a\": 1,\n}").bodyProblem()).satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.MALFORMED_JSON);
            assertThat(p.line()).isEqualTo(3);
        });
    }
}
