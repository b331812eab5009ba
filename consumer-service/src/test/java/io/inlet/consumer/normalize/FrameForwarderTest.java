package io.inlet.consumer.normalize;

import static io.inlet.consumer.normalize.RawMessageNormalizerTest.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.EventIds;
import io.inlet.contracts.EventType;
import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FilteredBy;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Origin;
import io.inlet.contracts.frame.Replays;
import io.inlet.testsupport.Frames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameForwarderTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant RECEIVED = Instant.parse("2026-11-24T09:00:00.123456789Z");
    private static final String INCARNATION = "INLET_RAW@1764000000000";
    private final FrameForwarder forwarder = new FrameForwarder();

    @Test
    void forwardsTheEventsAsTheyAreWithTheOriginOfTheirPosition() {
        FramedEvent first = new FramedEvent("gw-1", RECEIVED, "gateway", 3, null, "key-1", "req-1",
                Map.of("source", "/shop"), null, null, bytes("{\"a\":1.50}"));
        // Not even JSON: the consumer does not parse what a frame carries.
        FramedEvent second = Frames.event("gw-2", RECEIVED, bytes("{not json"));
        byte[] frame = FrameCodec.encode(EventFrame.events(EventType.of("page.viewed"), List.of(first, second)));

        Decoded decoded = forwarder.forward(raw("inlet.raw.page.viewed", 12, frame, Map.of()), NOW);

        assertThat(decoded.rejected()).isEmpty();
        assertThat(decoded.type()).isEqualTo(EventType.of("page.viewed"));
        assertThat(decoded.events()).containsExactly(first.withOrigin(new Origin(INCARNATION, 12, 0, false)),
                second.withOrigin(new Origin(INCARNATION, 12, 1, true)));
    }

    @Test
    void aReplayedEventKeepsItsReplayOriginAndAnOrdinaryOneGetsItsPosition() {
        Origin replayOrigin = Replays.origin("inlet-error-lake", 9, 4);
        FramedEvent replayed = new FramedEvent("gw-1", RECEIVED, "gateway", 2, null, null, null,
                Map.of(Replays.ATTRIBUTE, "r-1"), replayOrigin, null, bytes("{}"));
        // An origin that is no replay origin is not trusted: the event gets its raw position, as always.
        FramedEvent claimed = Frames.event("gw-2", RECEIVED, bytes("{}")).withOrigin(new Origin("OTHER@1", 3, 0, true));
        byte[] frame = FrameCodec.encode(EventFrame.events(EventType.of("page.viewed"), List.of(replayed, claimed)));

        Decoded decoded = forwarder.forward(raw("inlet.raw.page.viewed", 12, frame, Map.of()), NOW);

        assertThat(decoded.events()).extracting(FramedEvent::origin)
                .containsExactly(replayOrigin, new Origin(INCARNATION, 12, 1, true));
    }

    @Test
    void aFrameOfAnotherTypeThanItsSubjectSendsEveryEventToTheErrorsOfTheSubject() {
        byte[] frame = FrameCodec.encode(EventFrame.events(EventType.of("order.created"),
                List.of(Frames.event("e-1", RECEIVED, bytes("{}")), Frames.event("e-2", RECEIVED, bytes("{}")))));

        Decoded decoded = forwarder.forward(raw("inlet.raw.page.viewed", 5, frame, Map.of()), NOW);

        assertThat(decoded.events()).isEmpty();
        assertThat(decoded.type()).isEqualTo(EventType.of("page.viewed"));
        assertThat(decoded.rejected()).extracting(FramedEvent::eventId).containsExactly("e-1", "e-2");
        assertThat(decoded.rejected()).extracting(FramedEvent::origin).containsExactly(
                new Origin(INCARNATION, 5, 0, false), new Origin(INCARNATION, 5, 1, true));
        assertThat(decoded.rejected()).allSatisfy(e -> {
            FrameFailure failure = e.failure();
            assertThat(failure.stage()).isEqualTo("decode");
            assertThat(failure.subject()).isEqualTo("inlet.raw.page.viewed");
            assertThat(failure.reason()).contains("order.created").contains("page.viewed");
            assertThat(failure.violations()).extracting(Violation::keyword).containsExactly("eventType");
        });
    }

    @Test
    void aFrameOnASubjectThatNamesNoEventTypeIsUnroutable() {
        byte[] frame = FrameCodec.encode(EventFrame.events(EventType.of("a"),
                List.of(Frames.event("e-1", RECEIVED, bytes("{}")))));

        Decoded decoded = forwarder.forward(raw("inlet.raw.A", 5, frame, Map.of()), NOW);

        assertThat(decoded.type()).isEqualTo(EventType.UNROUTABLE);
        assertThat(decoded.rejected()).singleElement().satisfies(e -> assertThat(e.failure().reason())
                .isEqualTo("subject does not name a valid event type"));
    }

    @Test
    void aGarbledFrameBecomesOneErrorHoldingTheMessagesBytes() {
        byte[] frame = FrameCodec.encode(EventFrame.events(EventType.of("page.viewed"),
                List.of(Frames.event("e-1", RECEIVED, bytes("{\"a\":1}")))));
        byte[] garbled = frame.clone();
        garbled[garbled.length / 2] ^= 0x5a;
        byte[] truncated = Arrays.copyOf(frame, frame.length - 3);

        for (byte[] bad : List.of(garbled, truncated)) {
            Decoded decoded = forwarder.forward(raw("inlet.raw.page.viewed", 77, bad, Map.of()), NOW);

            assertThat(decoded.events()).isEmpty();
            assertThat(decoded.rejected()).singleElement().satisfies(e -> {
                assertThat(e.payload()).isEqualTo(bad);
                assertThat(e.eventId()).isEqualTo(EventIds.fallbackForMessage(
                        EventIds.basis("inlet.raw.page.viewed", null, "INLET_RAW", 77L, bad)));
                assertThat(e.origin()).isEqualTo(new Origin(INCARNATION, 77, 0, true));
                assertThat(e.receivedAt()).isEqualTo(NOW);
                assertThat(e.failure().stage()).isEqualTo("decode");
                assertThat(e.failure().violations()).singleElement().satisfies(v -> {
                    assertThat(v.keyword()).isEqualTo("frame");
                    assertThat(v.message()).contains("checksum");
                });
            });
        }
    }

    @Test
    void anErrorFrameOnARawSubjectGoesToTheErrorsKeepingItsFailures() {
        FrameFailure why = new FrameFailure("schema", "no", List.of(), "x", RECEIVED);
        byte[] frame = FrameCodec.encode(EventFrame.errors(EventType.of("a"),
                List.of(Frames.event("e-1", RECEIVED, bytes("{}")).failed(why))));

        Decoded decoded = forwarder.forward(raw("inlet.raw.a", 3, frame, Map.of()), NOW);

        assertThat(decoded.events()).isEmpty();
        assertThat(decoded.rejected()).singleElement().satisfies(e -> {
            assertThat(e.failure()).isEqualTo(why);
            assertThat(e.origin()).isEqualTo(new Origin(INCARNATION, 3, 0, true));
        });
    }

    @Test
    void aFilteredFrameOnARawSubjectGoesToTheErrorsAsUndecodable() {
        byte[] frame = FrameCodec.encode(EventFrame.filtered(EventType.of("a"), List.of(Frames.event("e-1", RECEIVED,
                bytes("{}")).filtered(new FilteredBy(1, FilteredBy.FILTER, "#n > 0", 2L)))));

        Decoded decoded = forwarder.forward(raw("inlet.raw.a", 4, frame, Map.of()), NOW);

        assertThat(decoded.events()).isEmpty();
        assertThat(decoded.rejected()).singleElement().satisfies(e -> {
            assertThat(e.failure().stage()).isEqualTo(FrameFailure.STAGE_DECODE);
            assertThat(e.failure().reason()).isEqualTo("a filtered frame on a raw subject");
            assertThat(e.filteredBy()).isNull();
            assertThat(e.origin()).isEqualTo(new Origin(INCARNATION, 4, 0, true));
        });
        assertThat(EventFrame.errors(EventType.of("a"), decoded.rejected())).isNotNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
