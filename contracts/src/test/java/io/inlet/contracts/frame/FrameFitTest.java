package io.inlet.contracts.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.EventType;
import io.inlet.contracts.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Whatever an event is, what {@link FrameFit} gives back fits one message and keeps what identifies the event. */
class FrameFitTest {

    private static final EventType TYPE = EventType.of("shop.order");
    private static final Instant AT = Instant.parse("2026-12-01T15:00:00Z");
    private static final int LIMIT = 16 * 1024;

    @Test
    void everyErrorFitsAfterwardsWithItsIdOriginAndAPrefixOfItsBytes() {
        SplittableRandom random = new SplittableRandom(5);
        int cut = 0;
        int trimmed = 0;
        for (int n = 0; n < 2_000; n++) {
            byte[] payload = payload(random, random.nextInt(3 * LIMIT));
            List<Violation> violations = new ArrayList<>();
            for (int v = random.nextInt(400); v > 0; v--) {
                violations.add(new Violation("/items/" + v, "type", "value " + v + " is not a number"));
            }
            Origin origin = random.nextBoolean() ? Origin.of("INLET_RAW@1764600000000", 1 + n, 0, 1) : null;
            FramedEvent error = event(payload, origin).failed(new FrameFailure(FrameFailure.STAGE_SCHEMA,
                    violations.size() + " schema violations", violations, "inlet.events.shop.order", AT));

            FramedEvent fitted = FrameFit.error(error, TYPE, LIMIT);

            assertThat(FrameCodec.encode(EventFrame.errors(TYPE, List.of(fitted))).length).isLessThanOrEqualTo(LIMIT);
            assertThat(fitted.eventId()).isEqualTo(error.eventId());
            assertThat(fitted.origin()).isEqualTo(origin);
            assertThat(fitted.failure().stage()).isEqualTo(FrameFailure.STAGE_SCHEMA);
            assertThat(fitted.failure().reason()).startsWith(error.failure().reason());
            assertThat(Arrays.copyOf(payload, fitted.payload().length)).isEqualTo(fitted.payload());
            assertThat(fitted.failure().violations()).isEqualTo(violations.subList(0,
                    fitted.failure().violations().size()));
            if (FrameFit.fits(error, TYPE, EventFrame.Kind.ERRORS, LIMIT)) {
                assertThat(fitted).isSameAs(error);
            }
            if (fitted.payload().length < payload.length) {
                cut++;
                assertThat(fitted.failure().reason()).contains("payload cut to its first " + fitted.payload().length
                        + " of " + payload.length + " bytes");
                if (origin != null) {
                    assertThat(fitted.failure().reason()).contains("the whole message is in stream "
                            + origin.stream() + " at sequence " + origin.sequence());
                }
                assertThat(FrameFit.fits(withPayload(fitted, Arrays.copyOf(payload, fitted.payload().length + 64)),
                        TYPE, EventFrame.Kind.ERRORS, LIMIT)).as("not cut far more than needed").isFalse();
            } else if (fitted.failure().violations().size() < violations.size()) {
                trimmed++;
            }
            assertThat(FrameFit.error(error, TYPE, LIMIT)).as("the same on a redelivery").isEqualTo(fitted);
        }
        assertThat(cut).as("cases that cut the payload").isGreaterThan(200);
        assertThat(trimmed).as("cases that only trimmed violations").isGreaterThan(50);
    }

    @Test
    void aValidEventTooLargeForAMessageBecomesAFittedErrorOfTheGivenStage() {
        byte[] payload = ("{\"s\":\"" + "ü".repeat(LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8);
        FramedEvent valid = event(payload, Origin.of("INLET_RAW@1", 9, 0, 1));

        FramedEvent error = FrameFit.tooLargeWhenValid(valid, valid, TYPE, FrameFailure.STAGE_DECODE,
                "inlet.raw.shop.order", AT, LIMIT);

        assertThat(error.failure().stage()).isEqualTo("decode");
        assertThat(error.failure().reason()).startsWith("the event is " + payload.length + " bytes and does not fit");
        assertThat(error.failure().violations()).extracting(Violation::keyword).containsExactly("size");
        assertThat(FrameFit.fits(error, TYPE, EventFrame.Kind.ERRORS, LIMIT)).isTrue();
        assertThat(new String(error.payload(), StandardCharsets.UTF_8)).doesNotContain("\uFFFD");
        FramedEvent small = event("{}".getBytes(StandardCharsets.UTF_8), null);
        assertThat(FrameFit.tooLargeWhenValid(small, small, TYPE, FrameFailure.STAGE_DECODE, "s", AT, LIMIT)).isNull();
    }

    @Test
    void aCutNeverEndsInsideAUtf8Sequence() {
        byte[] text = "aé€😀".getBytes(StandardCharsets.UTF_8);
        for (int length = 0; length <= text.length; length++) {
            int end = FrameFit.utf8Boundary(text, length);
            assertThat(end).isLessThanOrEqualTo(length);
            assertThat(new String(Arrays.copyOf(text, end), StandardCharsets.UTF_8)).doesNotContain("\uFFFD");
        }
    }

    private static FramedEvent event(byte[] payload, Origin origin) {
        return new FramedEvent("order-" + payload.length, AT, "nats", null, null, null, null,
                Map.of("source", "/orders"), origin, null, payload);
    }

    private static FramedEvent withPayload(FramedEvent event, byte[] payload) {
        return new FramedEvent(event.eventId(), event.receivedAt(), event.source(), event.schemaVersion(),
                event.schemaId(), event.apiKeyId(), event.requestId(), event.attributes(), event.origin(),
                event.failure(), payload);
    }

    private static byte[] payload(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder(length);
        String[] pieces = {"a", "é", "€", "😀", "{", "\""};
        while (text.length() < length) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
