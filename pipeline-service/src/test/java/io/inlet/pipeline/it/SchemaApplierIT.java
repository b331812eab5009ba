package io.inlet.pipeline.it;

import static io.inlet.pipeline.it.PipelineApps.byEventId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.EventIds;
import io.inlet.contracts.EventType;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.MessageIds;
import io.inlet.contracts.frame.Origin;
import io.inlet.pipeline.Fixtures;
import io.inlet.testsupport.Frames;
import io.inlet.testsupport.RegistryProcess;
import io.inlet.testsupport.SubjectReader;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Message;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The schema applier against the real registry (its own process) and the real NATS JetStream, on this class's own
 * event types: frames in from {@code inlet.events.<type>}, frames out to {@code inlet.valid.<type>} and
 * {@code inlet.errors.<type>}.
 */
class SchemaApplierIT extends SharedPipelineIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PREFIX = UniqueNames.lowerToken("pipeline_it");
    private static final String ORDERS = PREFIX + ".order.created";
    private static final String PAGES = PREFIX + ".page.viewed";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static long ordersV1;
    private static long pagesV1;
    private static long pagesV2;
    private static String group;

    @BeforeAll
    static void start() {
        RegistryProcess registry = RegistryProcess.get();
        ordersV1 = registry.register(ORDERS, Fixtures.schema("order.created.v1.json"));
        pagesV1 = registry.register(PAGES, Fixtures.schema("page.viewed.v1.json"));
        pagesV2 = registry.register(PAGES, Fixtures.schema("page.viewed.v2.json"));
        group = UniqueNames.lowerToken("pipeline_it_group");
        startPipeline(PREFIX, group, registry.url());
    }


    @Test
    void validEventsReachInletValidTypedAsTheirSchemaSaysInOneFramePerInputFrame() {
        try (SubjectReader valid = new SubjectReader(nats, "INLET_VALID", "inlet.valid." + ORDERS)) {
            List<String> fixtures = Fixtures.events("order.created.valid.ndjson");
            FramedEvent first = PipelineApps.event(fixtures.get(0), null);
            FramedEvent plain = PipelineApps.event(fixtures.get(1), null);
            FramedEvent second = new FramedEvent(plain.eventId(), PipelineApps.RECEIVED_AT, "gateway", null, null,
                    "key-7", "req-7", Map.of("specversion", "1.0", "source", "/shop"), plain.origin(), null,
                    plain.payload());
            PublishAck input = PipelineApps.publish(nats, ORDERS, List.of(first, second));

            await().atMost(WAIT).until(() -> valid.messages().size() == 1);
            Message message = valid.messages().get(0);
            EventFrame frame = FrameCodec.decode(message.getData());
            assertThat(frame.kind()).isEqualTo(EventFrame.Kind.EVENTS);
            assertThat(frame.eventType()).isEqualTo(EventType.of(ORDERS));
            assertThat(frame.events()).extracting(FramedEvent::eventId)
                    .containsExactly(first.eventId(), second.eventId());
            assertThat(message.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(MessageIds.of(MessageIds.output(
                    "pipeline", PipelineApps.incarnation(nats, "INLET_EVENTS"), input.getSeqno(), "valid"),
                    frame.events()));
            FramedEvent typedSecond = frame.events().get(1);
            assertThat(typedSecond.schemaId()).isEqualTo(ordersV1);
            assertThat(typedSecond.schemaVersion()).isEqualTo(1);
            assertThat(typedSecond.origin()).isEqualTo(second.origin());
            assertThat(typedSecond.attributes()).isEqualTo(second.attributes());
            assertThat(typedSecond.apiKeyId()).isEqualTo("key-7");
            assertThat(typedSecond.requestId()).isEqualTo("req-7");
            assertThat(typedSecond.source()).isEqualTo("gateway");
            assertThat(typedSecond.receivedAt()).isEqualTo(PipelineApps.RECEIVED_AT);
            JsonNode typed = JSON.readTree(typedSecond.payload());
            assertThat(typed.get("created_at").asString()).isEqualTo("2026-11-24T09:00:01.250000Z");
            assertThat(typed.get("customer").get("tier").asString()).isEqualTo("free");
            assertThat(typed.get("customer").get("id").isIntegralNumber()).isTrue();
            assertThat(typed.get("total").isFloatingPointNumber()).isTrue();
            assertThat(JSON.readTree(frame.events().get(0).payload()).get("created_at").asString())
                    .isEqualTo("2026-11-24T10:00:00.000000Z");
        }
    }

    @Test
    void invalidEventsReachInletErrorsWithThePointersOfAllTheirViolationsAndTheirOriginalBytes() {
        try (SubjectReader errors = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + PREFIX + ".>")) {
            Map<String, String> expectedById = new HashMap<>();
            Map<String, String> bodyById = new HashMap<>();
            for (String type : List.of("order.created", "page.viewed")) {
                List<String> events = Fixtures.events(type + ".invalid.ndjson");
                List<String> expected = Fixtures.events(type + ".invalid.expected.ndjson");
                List<FramedEvent> frame = events.stream().map(body -> PipelineApps.event(body, null)).toList();
                for (int i = 0; i < events.size(); i++) {
                    expectedById.put(frame.get(i).eventId(), expected.get(i));
                    bodyById.put(frame.get(i).eventId(), events.get(i));
                }
                PipelineApps.publish(nats, PREFIX + "." + type, frame);
            }

            // other tests of this class also write errors under the prefix: look at this test's events only
            await().atMost(WAIT).until(() -> byEventId(errors.messages()).keySet().containsAll(expectedById.keySet()));
            Map<String, FramedEvent> mine = new HashMap<>(byEventId(errors.messages()));
            mine.keySet().retainAll(expectedById.keySet());
            assertThat(mine).hasSize(expectedById.size());
            for (FramedEvent error : mine.values()) {
                String id = error.eventId();
                assertThat(error.failure().stage()).isEqualTo("schema");
                assertThat(error.schemaId()).isIn(ordersV1, pagesV2);
                assertThat(new String(error.payload(), StandardCharsets.UTF_8)).isEqualTo(bodyById.get(id));
                List<String> actual = error.failure().violations().stream()
                        .map(v -> v.pointer() + " " + v.keyword()).toList();
                List<String> expected = JSON.readTree(expectedById.get(id)).valueStream()
                        .map(v -> v.get("instanceLocation").asString() + " " + v.get("keyword").asString()).toList();
                assertThat(actual).as(error.toString()).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(error.failure().violations()).allSatisfy(v -> assertThat(v.message()).isNotBlank());
            }
        }
    }

    @Test
    void aPinnedOlderSchemaVersionIsHonoured() {
        String withDevice = "{\"user_id\":\"u-1\",\"url\":\"https://shop.example.com/\","
                + "\"viewed_at\":\"2026-11-24T09:15:02Z\",\"device\":\"mobile\"}";
        String plain = "{\"user_id\":\"u-2\",\"url\":\"https://shop.example.com/\",\"viewed_at\":\"2026-11-24T09:15:02Z\"}";
        try (SubjectReader valid = new SubjectReader(nats, "INLET_VALID", "inlet.valid." + PAGES);
             SubjectReader errors = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + PAGES)) {
            FramedEvent latest = PipelineApps.event(withDevice, null);
            FramedEvent pinnedRejected = PipelineApps.event(withDevice, 1);
            FramedEvent pinnedValid = PipelineApps.event(plain, 1);
            PipelineApps.publish(nats, PAGES, List.of(latest, pinnedRejected, pinnedValid));

            await().atMost(WAIT).until(() -> byEventId(valid.messages()).keySet()
                    .containsAll(List.of(latest.eventId(), pinnedValid.eventId()))
                    && byEventId(errors.messages()).containsKey(pinnedRejected.eventId()));
            Map<String, FramedEvent> validById = byEventId(valid.messages());
            assertThat(validById.get(latest.eventId()).schemaVersion()).isEqualTo(2);
            assertThat(validById.get(latest.eventId()).schemaId()).isEqualTo(pagesV2);
            assertThat(validById.get(pinnedValid.eventId()).schemaVersion()).isEqualTo(1);
            assertThat(validById.get(pinnedValid.eventId()).schemaId()).isEqualTo(pagesV1);
            FramedEvent error = byEventId(errors.messages()).get(pinnedRejected.eventId());
            assertThat(error.schemaVersion()).isEqualTo(1);
            assertThat(error.schemaId()).isEqualTo(pagesV1);
            assertThat(error.failure().violations().get(0).keyword()).isEqualTo("additionalProperties");
            assertThat(error.payload()).isEqualTo(withDevice.getBytes(StandardCharsets.UTF_8));
            assertThat(validById).doesNotContainKey(pinnedRejected.eventId());
        }
    }

    @Test
    void eventsWithoutASchemaAndBrokenInputGoToTheErrorSubjectAndAreAckedAtOnce() throws Exception {
        String unknown = PREFIX + ".never.registered";
        try (SubjectReader errors = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + unknown)) {
            String noSchema = PipelineApps.publish(nats, unknown, "{\"a\":1}", null);
            String noVersion = PipelineApps.publish(nats, PAGES, "{}", 9);
            String notJson = PipelineApps.publish(nats, unknown, "{\"a\":", null);
            byte[] noFrame = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
            PublishAck plainJson = PipelineApps.publishBytes(nats, unknown, noFrame);
            FramedEvent ofAnotherType = PipelineApps.event("{}", null);
            Frames.publish(nats, "inlet.events." + unknown, EventFrame.events(EventType.of(PAGES),
                    List.of(ofAnotherType)), null);

            await().atMost(WAIT).until(() -> errors.messages().size() == 4);
            Map<String, FramedEvent> byId = byEventId(errors.messages());
            assertThat(byId.get(noSchema).failure().reason())
                    .isEqualTo("no schema is registered for subject '" + unknown + "'");
            assertThat(byId.get(notJson).failure().stage()).isEqualTo("decode");
            FramedEvent mismatched = byId.get(ofAnotherType.eventId());
            assertThat(mismatched.failure().stage()).isEqualTo("decode");
            assertThat(mismatched.failure().reason()).isEqualTo("subject 'inlet.events." + unknown
                    + "' does not match the frame's event type '" + PAGES + "'");
            assertThat(mismatched.origin()).isEqualTo(ofAnotherType.origin());
            FramedEvent notAFrame = byId.get(EventIds.fallbackForMessage(EventIds.basis("inlet.events." + unknown,
                    null, "INLET_EVENTS", plainJson.getSeqno(), noFrame)));
            assertThat(notAFrame.payload()).isEqualTo(noFrame);
            assertThat(notAFrame.failure().reason()).startsWith("not a frame");
            try (SubjectReader pageErrors = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + PAGES)) {
                await().atMost(WAIT).until(() -> byEventId(pageErrors.messages()).containsKey(noVersion));
                assertThat(byEventId(pageErrors.messages()).get(noVersion).failure().reason())
                        .isEqualTo("subject '" + PAGES + "' has no version 9");
            }
        }
        await().atMost(WAIT).untilAsserted(() -> {
            ConsumerInfo info = nats.jetStreamManagement().getConsumerInfo("INLET_EVENTS", group);
            assertThat(info.getNumPending()).isZero();
            assertThat(info.getNumAckPending()).isZero();
            assertThat(info.getRedelivered()).isZero();
        });
    }

    @Test
    void aGarbledFrameGoesToTheErrorsWithItsBytesUnderAnIdAndOriginOfItsPlaceInJetStream() {
        String type = PREFIX + ".garbled";
        byte[] whole = FrameCodec.encode(EventFrame.events(EventType.of(type),
                List.of(PipelineApps.event("{\"a\":1}", null), PipelineApps.event("{\"a\":2}", null))));
        byte[] garbled = Arrays.copyOf(whole, whole.length);
        garbled[whole.length / 2] ^= 0x5a;
        byte[] truncated = Arrays.copyOf(whole, whole.length - 7);
        try (SubjectReader errors = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + type);
             SubjectReader valid = new SubjectReader(nats, "INLET_VALID", "inlet.valid." + type)) {
            PublishAck garbledAck = PipelineApps.publishBytes(nats, type, garbled);
            PublishAck truncatedAck = PipelineApps.publishBytes(nats, type, truncated);

            await().atMost(WAIT).until(() -> errors.messages().size() == 2);
            String incarnation = PipelineApps.incarnation(nats, "INLET_EVENTS");
            Map<String, FramedEvent> byId = byEventId(errors.messages());
            for (var input : Map.of(garbledAck, garbled, truncatedAck, truncated).entrySet()) {
                long seq = input.getKey().getSeqno();
                FramedEvent error = byId.get(EventIds.fallbackForMessage(EventIds.basis("inlet.events." + type,
                        null, "INLET_EVENTS", seq, input.getValue())));
                assertThat(error).as("the error of #" + seq).isNotNull();
                assertThat(error.payload()).isEqualTo(input.getValue());
                assertThat(error.origin()).isEqualTo(Origin.of(incarnation, seq, 0, 1));
                assertThat(error.failure().stage()).isEqualTo("decode");
                assertThat(error.failure().reason()).contains("frame");
                assertThat(error.failure().subject()).isEqualTo("inlet.events." + type);
            }
            assertThat(Frames.frames(errors.messages())).allSatisfy(frame -> {
                assertThat(frame.kind()).isEqualTo(EventFrame.Kind.ERRORS);
                assertThat(frame.eventType()).isEqualTo(EventType.of(type));
            });
            assertThat(valid.messages()).isEmpty();
        }
    }
}
