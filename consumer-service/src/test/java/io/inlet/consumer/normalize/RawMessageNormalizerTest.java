package io.inlet.consumer.normalize;

import io.inlet.contracts.EventType;
import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.binder.NatsBatch;
import io.inlet.binder.NatsBinderHeaders;
import io.inlet.contracts.EventIds;
import io.inlet.contracts.InletHeaders;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Origin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawMessageNormalizerTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final String INCARNATION = "INLET_RAW@1764000000000";
    private final RawMessageNormalizer normalizer = new RawMessageNormalizer(new NormalizeProperties(3, 16));

    @Test
    void passesASingleObjectThroughUnchangedWithADeterministicIdAndItsOrigin() {
        Decoded first = normalize("inlet.raw.page.viewed", 42, "  {\"a\": 1.50}\n", Map.of());
        Decoded again = normalize("inlet.raw.page.viewed", 42, "{\"a\": 1.50}", Map.of());

        assertThat(first.rejected()).isEmpty();
        FramedEvent event = first.events().get(0);
        assertThat(first.events()).hasSize(1);
        assertThat(first.type().name()).isEqualTo("page.viewed");
        assertThat(text(event.payload())).isEqualTo("{\"a\": 1.50}");
        assertThat(event.source()).isEqualTo("nats");
        assertThat(event.receivedAt()).isEqualTo(NOW);
        assertThat(event.schemaVersion()).isNull();
        assertThat(event.attributes()).isEmpty();
        assertThat(event.failure()).isNull();
        assertThat(event.origin()).isEqualTo(new Origin(INCARNATION, 42, 0, true));
        assertThat(event.eventId()).isEqualTo(again.events().get(0).eventId())
                .isEqualTo(EventIds.fallback(EventIds.basis("inlet.raw.page.viewed", null, "INLET_RAW", 42L, null), 0));
        assertThat(event.eventId()).isNotEqualTo(normalize("inlet.raw.page.viewed", 43, "{}", Map.of())
                .events().get(0).eventId());
    }

    @Test
    void receivedAtIsWhenJetStreamStoredTheMessageSoARedeliveryKeepsIt() {
        Decoded decoded = normalize("inlet.raw.a", 1, "{}",
                Map.of(NatsBinderHeaders.TIMESTAMP, "2026-11-24T09:59:58.250Z"));

        assertThat(decoded.events().get(0).receivedAt()).isEqualTo(Instant.parse("2026-11-24T09:59:58.250Z"));
    }

    @Test
    void splitsArraysKeepingNumbersExactlyWithAnOriginPerPosition() {
        Decoded decoded = normalize("inlet.raw.order.created", 7, "[{\"p\":120.0},{\"p\":1e2}]", Map.of());

        assertThat(decoded.events()).hasSize(2);
        assertThat(text(decoded.events().get(0).payload())).isEqualTo("{\"p\":120.0}");
        assertThat(decoded.events().get(0).eventId()).isNotEqualTo(decoded.events().get(1).eventId());
        assertThat(decoded.events()).extracting(FramedEvent::origin).containsExactly(
                new Origin(INCARNATION, 7, 0, false), new Origin(INCARNATION, 7, 1, true));
    }

    @Test
    void keepsTheExactBytesOfEachArrayElement() {
        String first = "{\"b\": 1.50,  \"a\" : [1, 2.0e1]}";
        String second = "{ \"z\":\"\u00e9\\u00e9\", \"y\": null }";
        Decoded decoded = normalize("inlet.raw.order.created", 11, "[ " + first + " ,\n\t" + second + "\n]", Map.of());

        assertThat(decoded.rejected()).isEmpty();
        assertThat(decoded.events()).extracting(e -> text(e.payload())).containsExactly(first, second);
    }

    @Test
    void rejectsOnlyTheArrayElementThatBreaksALimitOrIsNoObject() {
        RawMessageNormalizer shallow = new RawMessageNormalizer(new NormalizeProperties(10, 16,
                org.springframework.util.unit.DataSize.ofBytes(64), 2, 8));
        String body = "[{\"a\":{\"b\":{}}}, 12.50, {\"ok\":1}, {\"s\":\"123456789\"}, [1, 2]]";
        Decoded decoded = shallow.normalize(raw("inlet.raw.a", 12, body.getBytes(StandardCharsets.UTF_8), Map.of()),
                NOW);

        assertThat(decoded.events()).singleElement().satisfies(e -> {
            assertThat(text(e.payload())).isEqualTo("{\"ok\":1}");
            assertThat(e.origin()).isEqualTo(new Origin(INCARNATION, 12, 2, false));
        });
        assertThat(decoded.rejected()).extracting(e -> text(e.payload()))
                .containsExactly("{\"a\":{\"b\":{}}}", "12.50", "{\"s\":\"123456789\"}", "[1, 2]");
        assertThat(decoded.rejected()).extracting(e -> e.failure().violations().get(0).keyword())
                .containsExactly("too-deep", "not-an-object", "string-too-long", "not-an-object");
        assertThat(decoded.rejected()).extracting(e -> e.failure().violations().get(0).pointer())
                .containsExactly("/0", "/1", "/3", "/4");
        assertThat(decoded.rejected().get(1).failure().reason()).isEqualTo("array element 1 is a number, not a JSON object");
    }

    @Test
    void splitsNdjsonAndRejectsOnlyTheBadLine() {
        Decoded decoded = normalize("inlet.raw.page.viewed", 8, "{\"n\":1}\r\n\n{\"n\":2\n[1]\n", Map.of());

        assertThat(decoded.events()).singleElement().satisfies(e -> {
            assertThat(text(e.payload())).isEqualTo("{\"n\":1}");
            assertThat(e.origin()).isEqualTo(new Origin(INCARNATION, 8, 0, false));
        });
        assertThat(decoded.rejected()).hasSize(2);
        FramedEvent badLine = decoded.rejected().get(0);
        assertThat(text(badLine.payload())).isEqualTo("{\"n\":2");
        assertThat(badLine.origin()).isEqualTo(new Origin(INCARNATION, 8, 1, false));
        FrameFailure failure = badLine.failure();
        assertThat(failure.stage()).isEqualTo("decode");
        assertThat(failure.subject()).isEqualTo("inlet.raw.page.viewed");
        assertThat(failure.failedAt()).isEqualTo(NOW);
        assertThat(failure.violations()).singleElement().satisfies(v -> {
            assertThat(v.keyword()).isEqualTo("json");
            assertThat(v.message()).startsWith("NDJSON line 2: ");
        });
        assertThat(decoded.rejected().get(1).failure().violations().get(0).keyword()).isEqualTo("not-an-object");
        assertThat(decoded.rejected().get(1).origin()).isEqualTo(new Origin(INCARNATION, 8, 2, true));
    }

    @Test
    void rejectsTheWholeMessageWhenItIsNotJsonKeepingTheBytes() {
        byte[] binary = {(byte) 0xff, 0x00, 0x10};
        Decoded decoded = normalizer.normalize(raw("inlet.raw.page.viewed", 9, binary, Map.of()), NOW);

        assertThat(decoded.events()).isEmpty();
        FramedEvent error = decoded.rejected().get(0);
        assertThat(decoded.type().name()).isEqualTo("page.viewed");
        assertThat(error.payload()).isEqualTo(binary);
        assertThat(error.failure().subject()).isEqualTo("inlet.raw.page.viewed");
        assertThat(error.failure().reason()).isEqualTo("body is not valid JSON");
        assertThat(error.origin()).isEqualTo(new Origin(INCARNATION, 9, 0, true));
        assertThat(error.eventId()).isEqualTo(EventIds.fallbackForMessage(
                EventIds.basis("inlet.raw.page.viewed", null, "INLET_RAW", 9L, binary)));

        FramedEvent prettyButBroken = normalize("inlet.raw.page.viewed", 10, "{\n \"a\": 1,\n}", Map.of())
                .rejected().get(0);
        assertThat(prettyButBroken.failure().violations().get(0).message()).contains("line 3");
    }

    @Test
    void rejectsScalarsEmptyBodiesDuplicateKeysAndTooManyEvents() {
        assertThat(rejected(normalize("inlet.raw.a", 1, "42", Map.of())).reason())
                .isEqualTo("body is a number, not a JSON object");
        assertThat(rejected(normalize("inlet.raw.a", 1, "  ", Map.of())).reason()).isEqualTo("empty body");
        assertThat(rejected(normalize("inlet.raw.a", 1, "{\"x\":1,\"x\":2}", Map.of())).violations().get(0)
                .message()).contains("Duplicate");
        Decoded tooMany = normalize("inlet.raw.a", 1, "[{},{},{},{}]", Map.of());
        assertThat(tooMany.events()).isEmpty();
        assertThat(tooMany.rejected()).singleElement()
                .satisfies(e -> assertThat(e.failure().violations().get(0).keyword()).isEqualTo("maxEvents"));
    }

    @Test
    void usesTheProducersIdSchemaPinAndCloudEventsHeaders() {
        Map<String, Object> headers = Map.of(InletHeaders.EVENT_ID, "evt-1", InletHeaders.SCHEMA_VERSION, "2",
                "ce-source", "/orders", "ce-specversion", "1.0", "Ce-Subject", "order-7", "inlet-request-id", "r");

        FramedEvent single = normalize("inlet.raw.a.b", 1, "{}", headers).events().get(0);
        assertThat(single.eventId()).isEqualTo("evt-1");
        assertThat(single.schemaVersion()).isEqualTo(2);
        assertThat(single.attributes()).containsExactlyInAnyOrderEntriesOf(
                Map.of("source", "/orders", "specversion", "1.0", "subject", "order-7"));
        // The gateway's envelope travels in its frames now: no inlet-* header but the two documented ones is read.
        assertThat(single.requestId()).isNull();

        Decoded several = normalize("inlet.raw.a.b", 1, "[{},{}]", headers);
        assertThat(several.events()).extracting(FramedEvent::eventId).containsExactly("evt-1-0", "evt-1-1");
        assertThat(several.events()).allSatisfy(e -> assertThat(e.attributes()).containsEntry("source", "/orders"));
    }

    @Test
    void rejectsBadHeadersAndSubjectsThatNameNoEventType() {
        assertThat(rejected(normalize("inlet.raw.a", 1, "{}", Map.of(InletHeaders.SCHEMA_VERSION, "latest")))
                .violations().get(0).message()).isEqualTo(
                        "header inlet-schema-version must be a positive integer, was 'latest'");
        assertThat(rejected(normalize("inlet.raw.a", 1, "{}", Map.of(InletHeaders.EVENT_ID, "x".repeat(17))))
                .reason()).isEqualTo("bad header inlet-event-id");

        Decoded unroutable = normalize("inlet.raw.Page.Viewed", 1, "{}", Map.of());
        assertThat(unroutable.type()).isEqualTo(EventType.UNROUTABLE);
        assertThat(unroutable.type().name()).isEqualTo("unroutable");
        assertThat(rejected(unroutable).violations().get(0).message())
                .startsWith("subject 'inlet.raw.Page.Viewed': must be");
    }

    @Test
    void acceptsOnlyVisibleAsciiEventIds() {
        // The one id rule (EventIds.problemWith): no spaces, no control characters, nothing beyond ASCII.
        for (String bad : new String[] {"with space", "tab\there", "caf\u00e9", "del\u007f"}) {
            FrameFailure failure = rejected(normalize("inlet.raw.a", 1, "{}", Map.of(InletHeaders.EVENT_ID, bad)));
            assertThat(failure.reason()).as(bad).isEqualTo("bad header inlet-event-id");
            assertThat(failure.violations().get(0).message()).as(bad)
                    .startsWith("header inlet-event-id must be 1 to 16 visible ASCII characters");
        }
        assertThat(normalize("inlet.raw.a", 1, "{}", Map.of(InletHeaders.EVENT_ID, "a!~{}:/#")).events())
                .extracting(FramedEvent::eventId).containsExactly("a!~{}:/#");
    }

    @Test
    void derivesIdsFromThePublishersMessageIdWhenPresent() {
        Map<String, Object> withMsgId = Map.of(NatsBinderHeaders.MSG_ID, "pub-1");
        String first = normalize("inlet.raw.a", 1, "{}", withMsgId).events().get(0).eventId();
        String republished = normalize("inlet.raw.a", 2, "{}", withMsgId).events().get(0).eventId();
        assertThat(first).isEqualTo(republished);
    }

    private Decoded normalize(String subject, long sequence, String body, Map<String, Object> headers) {
        return normalizer.normalize(raw(subject, sequence, body.getBytes(StandardCharsets.UTF_8), headers), NOW);
    }

    static RawMessage raw(String subject, long sequence, byte[] body, Map<String, Object> extra) {
        Map<String, Object> headers = new HashMap<>(extra);
        headers.put(NatsBinderHeaders.SUBJECT, subject);
        headers.put(NatsBinderHeaders.STREAM, "INLET_RAW");
        headers.put(NatsBinderHeaders.STREAM_INCARNATION, INCARNATION);
        headers.put(NatsBinderHeaders.STREAM_SEQUENCE, sequence);
        return new RawMessage(new NatsBatch.Entry(body, headers));
    }

    private static FrameFailure rejected(Decoded decoded) {
        assertThat(decoded.events()).isEmpty();
        assertThat(decoded.rejected()).hasSize(1);
        return decoded.rejected().get(0).failure();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
