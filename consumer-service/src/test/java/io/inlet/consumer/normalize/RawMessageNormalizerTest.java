package io.inlet.consumer.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.binder.NatsBinderHeaders;
import io.inlet.contracts.ErrorEnvelope;
import io.inlet.contracts.EventMetadata;
import io.inlet.contracts.InletHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawMessageNormalizerTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private final RawMessageNormalizer normalizer = new RawMessageNormalizer(new NormalizeProperties(3, 16));

    @Test
    void passesASingleObjectThroughUnchangedWithADeterministicId() {
        List<Outcome> first = normalize("inlet.raw.page.viewed", 42, "  {\"a\": 1.50}\n", Map.of());
        List<Outcome> again = normalize("inlet.raw.page.viewed", 42, "{\"a\": 1.50}", Map.of());

        Outcome.Normalized event = normalized(first.get(0));
        assertThat(first).hasSize(1);
        assertThat(text(event.body())).isEqualTo("{\"a\": 1.50}");
        EventMetadata metadata = event.metadata();
        assertThat(metadata.eventType().name()).isEqualTo("page.viewed");
        assertThat(metadata.source()).isEqualTo("nats");
        assertThat(metadata.receivedAt()).isEqualTo(NOW);
        assertThat(metadata.eventId()).isEqualTo(normalized(again.get(0)).metadata().eventId());
        assertThat(metadata.eventId()).isNotEqualTo(normalized(normalize("inlet.raw.page.viewed", 43, "{}", Map.of())
                .get(0)).metadata().eventId());
    }

    @Test
    void splitsArraysKeepingNumbersExactly() {
        List<Outcome> outcomes = normalize("inlet.raw.order.created", 7, "[{\"p\":120.0},{\"p\":1e2}]", Map.of());

        assertThat(outcomes).hasSize(2);
        assertThat(text(normalized(outcomes.get(0)).body())).isEqualTo("{\"p\":120.0}");
        assertThat(normalized(outcomes.get(0)).metadata().eventId())
                .isNotEqualTo(normalized(outcomes.get(1)).metadata().eventId());
    }

    @Test
    void splitsNdjsonAndRejectsOnlyTheBadLine() {
        List<Outcome> outcomes = normalize("inlet.raw.page.viewed", 8, "{\"n\":1}\r\n\n{\"n\":2\n[1]\n",
                Map.of());

        assertThat(outcomes).hasSize(3).first().isInstanceOf(Outcome.Normalized.class);
        ErrorEnvelope badLine = rejected(outcomes.get(1));
        assertThat(badLine.stage()).isEqualTo("decode");
        assertThat(badLine.payload()).isEqualTo("{\"n\":2");
        assertThat(badLine.violations()).singleElement().satisfies(v -> {
            assertThat(v.keyword()).isEqualTo("json");
            assertThat(v.message()).startsWith("NDJSON line 2: ");
        });
        assertThat(rejected(outcomes.get(2)).violations().get(0).keyword()).isEqualTo("not-an-object");
    }

    @Test
    void rejectsTheWholeMessageWhenItIsNotJsonKeepingTheBytes() {
        byte[] binary = {(byte) 0xff, 0x00, 0x10};
        ErrorEnvelope error = rejected(normalizer.normalize(raw("inlet.raw.page.viewed", 9, binary, Map.of()), NOW)
                .get(0));

        assertThat(error.eventType()).isEqualTo("page.viewed");
        assertThat(error.payloadEncoding()).isEqualTo("base64");
        assertThat(error.payloadBytes()).isEqualTo(binary);
        assertThat(error.subject()).isEqualTo("inlet.raw.page.viewed");
        assertThat(error.eventId()).isEqualTo(rejected(normalizer.normalize(
                raw("inlet.raw.page.viewed", 9, binary, Map.of()), NOW).get(0)).eventId());

        ErrorEnvelope prettyButBroken = rejected(normalize("inlet.raw.page.viewed", 10, "{\n \"a\": 1,\n}", Map.of())
                .get(0));
        assertThat(prettyButBroken.violations().get(0).message()).contains("line 3");
    }

    @Test
    void rejectsScalarsEmptyBodiesDuplicateKeysAndTooManyEvents() {
        assertThat(rejected(normalize("inlet.raw.a", 1, "42", Map.of()).get(0)).reason())
                .isEqualTo("body is a number, not a JSON object");
        assertThat(rejected(normalize("inlet.raw.a", 1, "  ", Map.of()).get(0)).reason()).isEqualTo("empty body");
        assertThat(rejected(normalize("inlet.raw.a", 1, "{\"x\":1,\"x\":2}", Map.of()).get(0)).violations().get(0)
                .message()).contains("Duplicate");
        assertThat(normalize("inlet.raw.a", 1, "[{},{},{},{}]", Map.of())).singleElement()
                .satisfies(o -> assertThat(rejected(o).violations().get(0).keyword()).isEqualTo("maxEvents"));
    }

    @Test
    void usesTheProducersIdAndEnvelopeHeaders() {
        Map<String, Object> headers = Map.of(InletHeaders.EVENT_ID, "evt-1", InletHeaders.SCHEMA_VERSION, "2",
                InletHeaders.SOURCE, "gateway", InletHeaders.RECEIVED_AT, "2026-11-24T09:00:00.5Z",
                InletHeaders.API_KEY_ID, "key-7", InletHeaders.REQUEST_ID, "req-1");

        EventMetadata single = normalized(normalize("inlet.raw.a.b", 1, "{}", headers).get(0)).metadata();
        assertThat(single).isEqualTo(new EventMetadata("evt-1", io.inlet.contracts.EventType.of("a.b"),
                Instant.parse("2026-11-24T09:00:00.5Z"), "gateway", 2, "key-7", "req-1"));

        List<Outcome> several = normalize("inlet.raw.a.b", 1, "[{},{}]", headers);
        assertThat(several).extracting(o -> normalized(o).metadata().eventId()).containsExactly("evt-1-0", "evt-1-1");
    }

    @Test
    void rejectsBadHeadersAndSubjectsThatNameNoEventType() {
        assertThat(rejected(normalize("inlet.raw.a", 1, "{}", Map.of(InletHeaders.SCHEMA_VERSION, "latest")).get(0))
                .violations().get(0).message()).isEqualTo(
                        "header inlet-schema-version must be a positive integer, was 'latest'");
        assertThat(rejected(normalize("inlet.raw.a", 1, "{}", Map.of(InletHeaders.EVENT_ID, "x".repeat(17))).get(0))
                .reason()).isEqualTo("bad header inlet-event-id");
        assertThat(rejected(normalize("inlet.raw.a", 1, "{}", Map.of(InletHeaders.RECEIVED_AT, "yesterday")).get(0))
                .reason()).isEqualTo("bad header inlet-received-at");

        ErrorEnvelope unroutable = rejected(normalize("inlet.raw.Page.Viewed", 1, "{}", Map.of()).get(0));
        assertThat(unroutable.eventType()).isEqualTo("unroutable");
        assertThat(unroutable.violations().get(0).message()).startsWith("subject 'inlet.raw.Page.Viewed': must be");
    }

    @Test
    void derivesIdsFromThePublishersMessageIdWhenPresent() {
        Map<String, Object> withMsgId = Map.of(InletHeaders.NATS_MSG_ID, "pub-1");
        String first = normalized(normalize("inlet.raw.a", 1, "{}", withMsgId).get(0)).metadata().eventId();
        String republished = normalized(normalize("inlet.raw.a", 2, "{}", withMsgId).get(0)).metadata().eventId();
        assertThat(first).isEqualTo(republished);
    }

    private List<Outcome> normalize(String subject, long sequence, String body, Map<String, Object> headers) {
        return normalizer.normalize(raw(subject, sequence, body.getBytes(StandardCharsets.UTF_8), headers), NOW);
    }

    private static RawMessage raw(String subject, long sequence, byte[] body, Map<String, Object> extra) {
        Map<String, Object> headers = new HashMap<>(extra);
        headers.put(NatsBinderHeaders.SUBJECT, subject);
        headers.put(NatsBinderHeaders.STREAM, "INLET_RAW");
        headers.put(NatsBinderHeaders.STREAM_SEQUENCE, sequence);
        return RawMessage.of(body, headers);
    }

    private static Outcome.Normalized normalized(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Normalized.class);
        return (Outcome.Normalized) outcome;
    }

    private static ErrorEnvelope rejected(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        return ((Outcome.Rejected) outcome).error();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
