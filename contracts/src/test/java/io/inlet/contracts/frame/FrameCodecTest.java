package io.inlet.contracts.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inlet.contracts.EventType;
import io.inlet.contracts.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Property tests of the frame format: round trips, and every damaged frame refused with a clear error. */
class FrameCodecTest {

    private static final String[] TEXT = {"a", "order", "ü", "日本", "😀", " ", "\"", "\\", "{", "-", "0", "\n"};

    @Test
    void everyFrameReadsBackExactlyAsItWasWritten() {
        for (int seed = 0; seed < 2_000; seed++) {
            EventFrame frame = randomFrame(new Random(seed));
            byte[] bytes = FrameCodec.encode(frame);
            assertThat(FrameCodec.isFrame(bytes)).isTrue();
            assertThat(FrameCodec.decode(bytes)).as("seed %d", seed).isEqualTo(frame);
            assertThat(bytes.length).as("seed %d: the estimate bounds the size", seed)
                    .isLessThanOrEqualTo(FrameCodec.estimateSize(frame));
        }
    }

    @Test
    void batchWideValuesAreWrittenOncePerFrame() {
        List<FramedEvent> events = new ArrayList<>();
        Instant at = Instant.parse("2026-12-01T10:00:00.123456Z");
        for (int i = 0; i < 100; i++) {
            events.add(new FramedEvent("evt-" + i, at.plusMillis(i), "gateway", 3, 17L, "key-batchwide-0001",
                    "req-batchwide-000000000001", Map.of(), Origin.of("INLET_RAW@1764590000000", 4711, i, 100), null,
                    ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        byte[] bytes = FrameCodec.encode(EventFrame.events(EventType.of("order.created"), events));
        assertThat(occurrences(bytes, "req-batchwide-000000000001")).isEqualTo(1);
        assertThat(occurrences(bytes, "key-batchwide-0001")).isEqualTo(1);
        assertThat(occurrences(bytes, "gateway")).isEqualTo(1);
        int payloads = events.stream().mapToInt(e -> e.payload().length).sum();
        assertThat(bytes.length).as("per event: its id, a few bytes of envelope and its payload")
                .isLessThan(payloads + 100 * ("evt-00".length() + 11) + 110);
        assertThat(occurrences(bytes, "INLET_RAW@1764590000000")).as("the origin stream, once").isEqualTo(1);
    }

    @Test
    void everyTruncationIsRefusedWithAFrameError() {
        for (int seed = 0; seed < 50; seed++) {
            byte[] bytes = FrameCodec.encode(randomFrame(new Random(seed)));
            for (int length = 0; length < bytes.length; length++) {
                byte[] truncated = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> FrameCodec.decode(truncated)).as("seed %d, %d of %d bytes", seed, length,
                        bytes.length).isInstanceOf(FrameFormatException.class);
            }
        }
    }

    @Test
    void everyChangedByteIsRefusedWithAFrameError() {
        Random random = new Random(7);
        for (int seed = 0; seed < 50; seed++) {
            byte[] bytes = FrameCodec.encode(randomFrame(new Random(seed)));
            for (int i = 0; i < bytes.length; i++) {
                byte[] garbled = bytes.clone();
                garbled[i] ^= (byte) (1 + random.nextInt(255));
                if (i < 2) {
                    assertThat(FrameCodec.isFrame(garbled)).isFalse();
                }
                assertThatThrownBy(() -> FrameCodec.decode(garbled)).as("seed %d, byte %d", seed, i)
                        .isInstanceOf(FrameFormatException.class);
            }
        }
    }

    @Test
    void garbageWithAValidChecksumIsRefusedWithAFrameErrorNeverAnotherException() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            byte[] body = new byte[4 + random.nextInt(120)];
            random.nextBytes(body);
            body[0] = 'I';
            body[1] = 'F';
            body[2] = (byte) (1 + random.nextInt(3));
            body[3] = (byte) random.nextInt(EventFrame.Kind.values().length);
            readsOrRefusesClearly(withChecksum(body));
        }
    }

    /** The bytes decode, or are refused with a frame error that says why: never another exception. */
    static void readsOrRefusesClearly(byte[] framed) {
        try {
            FrameCodec.decode(framed);
        } catch (FrameFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Test
    void textThatIsNotUtf8IsRefusedEvenWithAValidChecksum() {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        byte[] bytes = FrameCodec.encode(EventFrame.events(EventType.of("order.created"), List.of(new FramedEvent(
                "evt-\u00e9", at, "gateway", 1, null, null, null, Map.of(), null, null, "{}".getBytes(StandardCharsets.UTF_8)))));
        int at2 = indexOf(bytes, "evt-\u00e9".getBytes(StandardCharsets.UTF_8)) + 5;
        bytes[at2] = 0x28; // 0xC3 0x28: a lead byte without its continuation
        byte[] garbled = withChecksum(Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> FrameCodec.decode(garbled)).isInstanceOf(FrameFormatException.class)
                .hasMessageContaining("not UTF-8");
    }

    private static int indexOf(byte[] bytes, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void aNewerOrUnknownFormatVersionIsRefusedByName() {
        for (int version : new int[] {0, 4, 255}) {
            byte[] bytes = FrameCodec.encode(randomFrame(new Random(1)));
            bytes[2] = (byte) version;
            assertThatThrownBy(() -> FrameCodec.decode(withChecksum(Arrays.copyOf(bytes, bytes.length - 4))))
                    .isInstanceOf(FrameFormatException.class).hasMessage("frame format version " + version
                            + " is not supported (this reader reads versions 1 to 3)");
        }
    }

    @Test
    void theWriterWritesVersionTwoWithThePipelineRevisionOnce() {
        EventFrame frame = EventFrame.events(EventType.of("order.created"), List.of(event("a", null), event("b", null)),
                4_711L);
        byte[] bytes = FrameCodec.encode(frame);
        assertThat(bytes[2]).isEqualTo((byte) 2);
        assertThat(FrameCodec.decode(bytes).pipelineRevision()).isEqualTo(4_711L);
        assertThat(FrameCodec.decode(FrameCodec.encode(EventFrame.events(EventType.of("t"), List.of(event("a", null)),
                0L))).pipelineRevision()).isZero();
        assertThat(FrameCodec.decode(FrameCodec.encode(EventFrame.events(EventType.of("t"), List.of(event("a", null)))))
                .pipelineRevision()).isNull();
        assertThatThrownBy(() -> EventFrame.events(EventType.of("t"), List.of(event("a", null)), -1L))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Frames written by the version 1 writer (before the pipeline revision): read as they were, revision null. */
    @Test
    void versionOneFramesStillReadWithoutAPipelineRevision() {
        Instant at = Instant.parse("2026-12-01T10:00:00.123456789Z");
        EventFrame events = EventFrame.events(EventType.of("order.created"), List.of(
                new FramedEvent("evt-1", at, "gateway", 3, 17L, "key-1", "req-1", Map.of(),
                        Origin.of("INLET_RAW@17", 42, 0, 2), null, "{\"n\":1}".getBytes(StandardCharsets.UTF_8)),
                new FramedEvent("evt-2", at.plusMillis(5), "gateway", 4, 18L, "key-1", "req-1", Map.of("ce", "x"),
                        Origin.of("INLET_RAW@17", 42, 1, 2), null, "{\"n\":2}".getBytes(StandardCharsets.UTF_8))));
        EventFrame errors = EventFrame.errors(EventType.of("order.created"), List.of(new FramedEvent("evt-3", at,
                "nats", null, null, null, null, Map.of(), null, new FrameFailure("schema", "1 violation",
                        List.of(new Violation("/n", "type", "must be an integer")), "inlet.events.order.created",
                        at.plusSeconds(1)), "{\"n\":\"a\"}".getBytes(StandardCharsets.UTF_8))));

        EventFrame readEvents = FrameCodec.decode(HexFormat.of().parseHex(V1_EVENTS));
        EventFrame readErrors = FrameCodec.decode(HexFormat.of().parseHex(V1_ERRORS));

        assertThat(readEvents).isEqualTo(events);
        assertThat(readEvents.pipelineRevision()).isNull();
        assertThat(readErrors).isEqualTo(errors);
        assertThat(FrameCodec.decode(FrameCodec.encode(readEvents))).isEqualTo(events);
    }

    /** Written by the version 1 codec (commit a940761) from the frames of the test above. */
    private static final String V1_EVENTS = "494601000d6f726465722e63726561746564020867617465776179066b65792d31"
            + "067265712d310412aab4f099aeb98ced310d494e4c45545f5241574031375440056576742d31000000077b226e223a317d78"
            + "056576742d3280ade20405130102636501780003077b226e223a327da12065d0";
    private static final String V1_ERRORS = "494601010d6f726465722e6372656174656401056e61747300000000aab4f099aeb9"
            + "8ced31000000056576742d330006736368656d610b312076696f6c6174696f6e1b696e6c65742e6576656e74732e6f7264"
            + "65722e6372656174656480a8d6b90701022f6e0474797065126d75737420626520616e20696e7465676572097b226e223a"
            + "2261227d2db77021";

    @Test
    void jsonIsNeverTakenForAFrame() {
        for (String json : List.of("{\"a\":1}", "[{}]", " {}", "\"IF\"", "", "I")) {
            assertThat(FrameCodec.isFrame(json.getBytes(StandardCharsets.UTF_8))).as(json).isFalse();
        }
        assertThatThrownBy(() -> FrameCodec.decode("{\"order_id\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FrameFormatException.class).hasMessageContaining("magic");
    }

    @Test
    void aFrameKeepsEventsAndFailuresApart() {
        FramedEvent plain = event("a", null);
        FramedEvent failed = plain.failed(new FrameFailure(FrameFailure.STAGE_SCHEMA, "1 violation",
                List.of(new Violation("/n", "type", "must be an integer")), "inlet.events.t", Instant.EPOCH));
        assertThatThrownBy(() -> EventFrame.events(EventType.of("t"), List.of(failed)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventFrame.errors(EventType.of("t"), List.of(plain)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventFrame.events(EventType.of("t"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static FramedEvent event(String id, FrameFailure failure) {
        return new FramedEvent(id, Instant.EPOCH, "nats", null, null, null, null, Map.of(), null, failure, new byte[] {'{', '}'});
    }

    @Test
    void aFilteredFrameWritesAStepOncePerRunOfEventsAndNoPayloads() {
        FilteredBy amount = new FilteredBy(2, FilteredBy.FILTER, "#amount > 0 && #currency == 'EUR-ONLY-HERE'", 7L);
        FilteredBy sql = new FilteredBy(0, FilteredBy.SQL, "SELECT * FROM event WHERE n > 10", null);
        List<FramedEvent> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            events.add(new FramedEvent("evt-" + i, Instant.parse("2026-12-01T10:00:00Z").plusMillis(i), "gateway", 3,
                    17L, "key-1", "req-1", Map.of(), Origin.of("INLET_RAW@1764590000000", 4711, i, 100), null,
                    ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)).filtered(i < 60 ? amount : sql));
        }
        EventFrame frame = EventFrame.filtered(EventType.of("order.created"), events);
        byte[] bytes = FrameCodec.encode(frame);
        assertThat(FrameCodec.decode(bytes)).isEqualTo(frame);
        assertThat(FrameCodec.decode(bytes).events().get(99).filteredBy()).isEqualTo(sql);
        assertThat(FrameCodec.decode(bytes).events().get(0).payload()).isEmpty();
        assertThat(occurrences(bytes, amount.description())).isEqualTo(1);
        assertThat(occurrences(bytes, sql.description())).isEqualTo(1);
        assertThat(bytes.length).as("per event: its id and a few bytes of envelope")
                .isLessThan(100 * ("evt-00".length() + 11) + 200);
    }

    @Test
    void aFilteredFrameRefusesAnEventWithoutItsStepOrWithAPayload() {
        FramedEvent plain = event("a", null);
        FramedEvent filtered = plain.filtered(new FilteredBy(1, FilteredBy.FILTER, "#n > 0", 3L));
        assertThatThrownBy(() -> EventFrame.filtered(EventType.of("t"), List.of(plain)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventFrame.events(EventType.of("t"), List.of(filtered)))
                .isInstanceOf(IllegalArgumentException.class);
        FramedEvent withPayload = new FramedEvent("a", Instant.EPOCH, "nats", null, null, null, null, Map.of(), null,
                null, filtered.filteredBy(), new byte[] {'{', '}'});
        assertThatThrownBy(() -> EventFrame.filtered(EventType.of("t"), List.of(withPayload)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(filtered.failed(new FrameFailure(FrameFailure.STAGE_DECODE, "x", List.of(), null, Instant.EPOCH))
                .filteredBy()).as("a failed event is not filtered").isNull();
        assertThat(filtered.filteredBy().summary()).isEqualTo("step 1 filter: #n > 0 (pipeline revision 3)");
        assertThat(new FilteredBy(0, FilteredBy.SQL, "SELECT a FROM event WHERE b", null).summary())
                .isEqualTo("step 0 sql WHERE: SELECT a FROM event WHERE b");
    }

    @Test
    void aFilteredFrameWhoseFirstEventRepeatsTheStepBeforeIsRefused() {
        FramedEvent filtered = event("a", null).filtered(new FilteredBy(1, FilteredBy.FILTER, "#n > 0", null));
        byte[] bytes = FrameCodec.encode(EventFrame.filtered(EventType.of("t"), List.of(filtered)));
        // The frame's end: ... filter step uvar (2), kind, description, revision (0) · crc32c.
        int revision = bytes.length - 5;
        int step = revision - 1 - "#n > 0".length() - 1 - "filter".length() - 1;
        assertThat(bytes[step]).isEqualTo((byte) 2);
        byte[] same = Arrays.copyOf(bytes, step + 1);
        same[step] = 0;
        assertThatThrownBy(() -> FrameCodec.decode(withChecksum(same))).isInstanceOf(FrameFormatException.class)
                .hasMessageContaining("the same filter step as the event before");
    }

    static EventFrame randomFrame(Random random) {
        int kind = random.nextInt(4);
        boolean errors = kind == 0;
        boolean filtered = kind == 1;
        int count = 1 + random.nextInt(random.nextBoolean() ? 3 : 60);
        String source = random.nextBoolean() ? "gateway" : "nats";
        String request = random.nextBoolean() ? "req-" + random.nextInt(1000) : null;
        long baseSeconds = random.nextBoolean() ? 1_764_000_000L + random.nextInt(100_000_000) : random.nextInt(10);
        List<FramedEvent> events = new ArrayList<>();
        List<FilteredBy> steps = new ArrayList<>();
        for (int s = random.nextInt(3); s >= 0; s--) {
            int step = random.nextInt(3) == 0 ? random.nextInt(1000) : s;
            steps.add(new FilteredBy(step, step == 0 ? FilteredBy.SQL : FilteredBy.FILTER, "#" + text(random) + step,
                    random.nextBoolean() ? (long) random.nextInt(5) : null));
        }
        for (int i = 0; i < count; i++) {
            boolean differs = random.nextInt(5) == 0;
            Instant receivedAt = Instant.ofEpochSecond(baseSeconds + random.nextInt(7_200) - 3_600,
                    random.nextInt(1_000_000_000));
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int a = random.nextInt(4) == 0 ? 1 + random.nextInt(4) : 0; a > 0; a--) {
                attributes.put("ce" + a + text(random), text(random));
            }
            FrameFailure failure = null;
            if (errors) {
                List<Violation> violations = new ArrayList<>();
                for (int v = random.nextInt(4); v > 0; v--) {
                    violations.add(new Violation("/" + text(random), "type", text(random)));
                }
                failure = new FrameFailure(List.of(FrameFailure.STAGE_DECODE, FrameFailure.STAGE_SCHEMA,
                        FrameFailure.STAGE_TRANSFORM).get(random.nextInt(3)), text(random) + " failed", violations,
                        random.nextBoolean() ? "inlet.events.x" : null, receivedAt.plusNanos(random.nextInt(1 << 30)));
            }
            Origin origin = random.nextInt(4) == 0 ? null : new Origin(random.nextInt(6) == 0 ? "OTHER@" + i : "INLET_RAW@17",
                    1 + random.nextInt(1_000_000), random.nextInt(Origin.MAX_INDEX + 1), random.nextBoolean());
            byte[] payload = new byte[random.nextInt(random.nextBoolean() ? 20 : 700)];
            random.nextBytes(payload);
            FramedEvent event = new FramedEvent(text(random) + i, receivedAt, differs ? "other" : source,
                    differs ? Integer.valueOf(random.nextInt(50)) : (random.nextInt(4) == 0 ? null : 1),
                    random.nextBoolean() ? (long) random.nextInt(Integer.MAX_VALUE) : null,
                    differs && random.nextBoolean() ? null : "key-1", differs ? text(random) : request, attributes,
                    origin, failure, payload);
            if (filtered) {
                // Runs of one step (written once), and steps that change from one event to the next.
                event = event.filtered(steps.get(random.nextInt(steps.size())));
            }
            events.add(event);
        }
        EventType type = EventType.of("t" + random.nextInt(100) + ".created");
        Long revision = switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> 0L;
            case 2 -> 1L + random.nextInt(1_000);
            default -> random.nextLong() >>> 2;
        };
        EventFrame.Kind frameKind = errors ? EventFrame.Kind.ERRORS : filtered ? EventFrame.Kind.FILTERED
                : EventFrame.Kind.EVENTS;
        return new EventFrame(type, frameKind, events, revision);
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(6); i >= 0; i--) {
            text.append(TEXT[random.nextInt(TEXT.length)]);
        }
        return text.toString();
    }

    static byte[] withChecksum(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body, 0, body.length);
        int value = (int) crc.getValue();
        byte[] framed = Arrays.copyOf(body, body.length + 4);
        framed[body.length] = (byte) (value >>> 24);
        framed[body.length + 1] = (byte) (value >>> 16);
        framed[body.length + 2] = (byte) (value >>> 8);
        framed[body.length + 3] = (byte) value;
        return framed;
    }

    private static int occurrences(byte[] bytes, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        int count = 0;
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            count++;
        }
        return count;
    }
}
