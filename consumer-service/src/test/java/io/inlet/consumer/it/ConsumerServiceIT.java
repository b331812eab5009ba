package io.inlet.consumer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.binder.FramePublisher;
import io.inlet.consumer.ConsumerApplication;
import io.inlet.consumer.route.FailOnceAfterPublishing;
import io.inlet.contracts.EventType;
import io.inlet.contracts.InletHeaders;
import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.MessageIds;
import io.inlet.contracts.frame.Origin;
import io.inlet.testsupport.Frames;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.SubjectReader;
import io.inlet.testsupport.UniqueNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The consumer-service on the real NATS JetStream: raw messages (gateway frames, raw JSON) of this class's own event
 * types in, frames of events and errors out, on the shared INLET_* streams.
 */
class ConsumerServiceIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PREFIX = UniqueNames.lowerToken("consumer_it");
    private static final String GROUP = UniqueNames.lowerToken("consumer_it_group");
    private static final Instant RECEIVED = Instant.parse("2026-11-24T10:00:00.123456789Z");

    private static Connection nats;
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() {
        nats = Infrastructure.nats().connect();
        app = startConsumer(PREFIX, GROUP);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    /** A consumer-service reading {@code inlet.raw.<prefix>.>} as consumer group {@code group}. */
    static ConfigurableApplicationContext startConsumer(String prefix, String group, Class<?>... hooks) {
        return new SpringApplicationBuilder(ConsumerApplication.class).sources(hooks).run(
                "--server.port=0",
                "--spring.cloud.stream.nats.binder.servers=" + Infrastructure.nats().url(),
                "--spring.cloud.stream.nats.binder.lag-interval=300ms",
                "--spring.cloud.stream.bindings.normalizeRaw-in-0.destination=inlet.raw." + prefix + ".>",
                "--spring.cloud.stream.bindings.normalizeRaw-in-0.group=" + group);
    }

    @Test
    void splitsObjectsArraysAndNdjsonIntoEventsWithIdsAndOriginsGatheredIntoFrames() throws Exception {
        String type = PREFIX + ".split";
        String incarnation = rawIncarnation();
        try (SubjectReader events = new SubjectReader(nats, "INLET_EVENTS", "inlet.events." + type)) {
            long one = publish("inlet.raw." + type, "{\"n\":1}", new Headers()).getSeqno();
            long array = publish("inlet.raw." + type, "[{\"n\":2},{\"n\":3},{\"n\":4}]", new Headers()).getSeqno();
            long ndjson = publish("inlet.raw." + type, "{\"n\":5}\n{\"n\":6}\n",
                    new Headers().add(InletHeaders.EVENT_ID, "mine")).getSeqno();

            await().atMost(Duration.ofSeconds(60)).until(() -> Frames.events(events.messages()).size() >= 6);
            List<FramedEvent> received = Frames.events(events.messages());
            assertThat(received).hasSize(6);
            assertThat(received).extracting(e -> JSON.readTree(e.payload()).get("n").asInt())
                    .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
            assertThat(received).extracting(FramedEvent::eventId).doesNotHaveDuplicates().contains("mine-0", "mine-1");
            assertThat(received).allSatisfy(e -> {
                assertThat(e.source()).isEqualTo("nats");
                assertThat(e.origin().stream()).isEqualTo(incarnation);
            });
            assertThat(received).extracting(e -> e.origin().sequence() + "/" + e.origin().index() + "/"
                    + e.origin().last()).containsExactlyInAnyOrder(one + "/0/true", array + "/0/false",
                    array + "/1/false", array + "/2/true", ndjson + "/0/false", ndjson + "/1/true");
            // Gathered per batch and type: as many frames as batches took them, never one per event.
            assertThat(events.messages()).hasSizeLessThanOrEqualTo(3).allSatisfy(m -> {
                assertThat(m.getHeaders().getFirst(InletHeaders.NATS_MSG_ID))
                        .startsWith(MessageIds.gathered("consumer", incarnation, type, "events") + ":");
                assertThat(m.getHeaders().getFirst(InletHeaders.CONTENT_TYPE))
                        .isEqualTo(FramePublisher.contentTypeOf(m.getData()));
            });
            assertThat(Frames.frames(events.messages())).allSatisfy(f -> {
                assertThat(f.eventType()).isEqualTo(EventType.of(type));
                assertThat(f.kind()).isEqualTo(EventFrame.Kind.EVENTS);
            });
        }
    }

    @Test
    void forwardsAGatewayFrameAsItIsWithTheOriginsSet() throws Exception {
        String type = PREFIX + ".gateway";
        String incarnation = rawIncarnation();
        List<FramedEvent> sent = List.of(
                new FramedEvent("gw-1", RECEIVED, "gateway", 1, null, "key-1", "req-1", Map.of("source", "/shop"),
                        null, null, bytes("{ \"price\": 1.50, \"big\": 12345678901234567890 }")),
                new FramedEvent("gw-2", RECEIVED, "gateway", 1, null, "key-1", "req-1", Map.of(), null, null,
                        bytes("{\"user_id\":\"u-1\"}")),
                new FramedEvent("gw-3", RECEIVED, "gateway", 1, null, "key-1", "req-1", Map.of(), null, null,
                        bytes("{}")));
        try (SubjectReader events = new SubjectReader(nats, "INLET_EVENTS", "inlet.events." + type)) {
            long sequence = Frames.publish(nats, "inlet.raw." + type, EventFrame.events(EventType.of(type), sent),
                    MessageIds.of(MessageIds.gateway(type), sent)).getSeqno();

            await().atMost(Duration.ofSeconds(60)).until(() -> events.messages().size() == 1);
            Message message = events.messages().get(0);
            EventFrame frame = FrameCodec.decode(message.getData());
            List<FramedEvent> expected = IntStream.range(0, sent.size())
                    .mapToObj(i -> sent.get(i).withOrigin(Origin.of(incarnation, sequence, i, sent.size())))
                    .toList();
            assertThat(frame.events()).containsExactlyElementsOf(expected);
            for (int i = 0; i < sent.size(); i++) {
                assertThat(frame.events().get(i).payload()).isEqualTo(sent.get(i).payload());
            }
            assertThat(message.getHeaders().getFirst(InletHeaders.NATS_MSG_ID)).isEqualTo(MessageIds.of(
                    MessageIds.output("consumer", incarnation, sequence, "events"), expected));
        }
    }

    @Test
    void gathersManySingleEventMessagesIntoAFewFrames() throws Exception {
        // Published before a consumer reads them: the way a busy subject looks to the consumer's pulls.
        String prefix = UniqueNames.lowerToken("consumer_it_gather");
        String type = prefix + ".clicked";
        try (SubjectReader events = new SubjectReader(nats, "INLET_EVENTS", "inlet.events." + type)) {
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                acks.add(nats.jetStream().publishAsync(NatsMessage.builder().subject("inlet.raw." + type)
                        .data(bytes("{\"n\":" + i + "}")).build()));
            }
            Set<Long> sequences = acks.stream().map(a -> a.join().getSeqno()).collect(Collectors.toSet());

            try (ConfigurableApplicationContext consumer = startConsumer(prefix, UniqueNames.lowerToken("gather"))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> Frames.events(events.messages()).size() >= 50);
            }
            List<FramedEvent> received = Frames.events(events.messages());
            assertThat(received).hasSize(50);
            assertThat(received).extracting(e -> e.origin().sequence()).containsExactlyInAnyOrderElementsOf(sequences);
            assertThat(received).allSatisfy(e -> assertThat(e.origin().last()).isTrue());
            assertThat(events.messages()).hasSizeLessThanOrEqualTo(4);
        }
    }

    @Test
    void prometheusShowsTheStagesEventsAndTheLagOfItsBinding() {
        String type = PREFIX + ".scraped";
        try (SubjectReader events = new SubjectReader(nats, "INLET_EVENTS", "inlet.events." + type)) {
            publish("inlet.raw." + type, "{\"n\":1}", new Headers());
            await().atMost(Duration.ofSeconds(60)).until(() -> Frames.events(events.messages()).size() == 1);
        }
        String baseUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String scrape = io.inlet.testsupport.PrometheusScrapes.scrapeAndSave(baseUrl, "consumer-service");
            assertThat(scrape).containsPattern("(?m)^inlet_consumer_events_total\\{outcome=\"normalized\"} [1-9]");
            for (String gauge : List.of("pending", "ack_pending", "redelivered")) {
                assertThat(scrape).containsPattern("(?m)^inlet_binder_consumer_lag_" + gauge
                        + "\\{binding=\"normalizeRaw-in-0\",group=\"" + GROUP + "\",stream=\"INLET_RAW\"} ");
            }
        });
    }

    @Test
    void cloudEventsHeadersBecomeTheEventsAttributes() {
        String type = PREFIX + ".cloudevents";
        Headers headers = new Headers().add("ce-specversion", "1.0").add("ce-id", "ce-42")
                .add("ce-source", "/orders").add("ce-type", "com.example.order").add(InletHeaders.SCHEMA_VERSION, "2");
        try (SubjectReader events = new SubjectReader(nats, "INLET_EVENTS", "inlet.events." + type)) {
            publish("inlet.raw." + type, "[{\"a\":1},{\"a\":2}]", headers);

            await().atMost(Duration.ofSeconds(60)).until(() -> Frames.events(events.messages()).size() == 2);
            assertThat(Frames.events(events.messages())).allSatisfy(e -> {
                assertThat(e.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("specversion", "1.0",
                        "id", "ce-42", "source", "/orders", "type", "com.example.order"));
                assertThat(e.schemaVersion()).isEqualTo(2);
            });
        }
    }

    @Test
    void undecodableInputReachesTheErrorSubjectWithItsBytesAndIsAckedAtOnce() throws Exception {
        String type = PREFIX + ".broken";
        String incarnation = rawIncarnation();
        byte[] garbage = {(byte) 0xde, (byte) 0xad, '{', (byte) 0xbe, (byte) 0xef};
        byte[] garbledFrame = FrameCodec.encode(EventFrame.events(EventType.of(type),
                List.of(Frames.event("gw-1", RECEIVED, bytes("{\"a\":1}")))));
        garbledFrame[garbledFrame.length / 2] ^= 0x5a;
        try (SubjectReader errors = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + type);
             SubjectReader events = new SubjectReader(nats, "INLET_EVENTS", "inlet.events." + type)) {
            nats.jetStream().publish(NatsMessage.builder().subject("inlet.raw." + type).data(garbage).build());
            publish("inlet.raw." + type, "[{\"ok\":true},\"not an object\"]", new Headers());
            long frameSequence = nats.jetStream().publish(NatsMessage.builder().subject("inlet.raw." + type)
                    .data(garbledFrame).build()).getSeqno();

            await().atMost(Duration.ofSeconds(60)).until(() -> Frames.events(errors.messages()).size() == 3);
            List<FramedEvent> rejected = Frames.events(errors.messages());
            assertThat(Frames.frames(errors.messages())).allSatisfy(f -> {
                assertThat(f.kind()).isEqualTo(EventFrame.Kind.ERRORS);
                assertThat(f.eventType()).isEqualTo(EventType.of(type));
            });
            assertThat(rejected).allSatisfy(e -> {
                assertThat(e.failure().stage()).isEqualTo("decode");
                assertThat(e.failure().subject()).isEqualTo("inlet.raw." + type);
                assertThat(e.origin().stream()).isEqualTo(incarnation);
            });
            FramedEvent binary = only(rejected, e -> e.failure().reason().equals("body is not valid JSON"));
            assertThat(binary.payload()).isEqualTo(garbage);
            assertThat(binary.failure().violations()).extracting(Violation::keyword).containsExactly("json");
            FramedEvent element = only(rejected, e -> e.failure().violations().get(0).pointer().equals("/1"));
            assertThat(new String(element.payload(), StandardCharsets.UTF_8)).isEqualTo("\"not an object\"");
            assertThat(element.origin().index()).isEqualTo(1);
            FramedEvent frame = only(rejected, e -> e.failure().reason().equals("not a readable frame"));
            assertThat(frame.payload()).isEqualTo(garbledFrame);
            assertThat(frame.origin()).isEqualTo(Origin.of(incarnation, frameSequence, 0, 1));
            assertThat(frame.failure().violations()).singleElement().satisfies(v -> {
                assertThat(v.keyword()).isEqualTo("frame");
                assertThat(v.message()).contains("checksum");
            });
            assertThat(Frames.events(events.messages())).singleElement()
                    .satisfies(e -> assertThat(e.payload()).isEqualTo(bytes("{\"ok\":true}")));
        }
        // Bad input is never a handler failure: nothing pending, nothing redelivered.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ConsumerInfo info = consumerInfo(GROUP);
            assertThat(info.getNumPending()).isZero();
            assertThat(info.getNumAckPending()).isZero();
            assertThat(info.getRedelivered()).isZero();
        });
    }

    @Test
    void rawInputThatFitsItsMessageButNotAFrameReachesTheErrorsCutToFitAndIsAckedAtOnce() throws Exception {
        String type = PREFIX + ".huge";
        String incarnation = rawIncarnation();
        int maxPayload = (int) nats.getServerInfo().getMaxPayload();
        String part = "é".repeat((maxPayload - 800) / 8); // four strings, each within max-string-length
        String big = "{\"s\":\"" + part + "\",\"t\":\"" + part + "\",\"u\":\"" + part + "\",\"v\":\"" + part + "\"}";
        byte[] garbage = new byte[maxPayload - 300];
        java.util.Arrays.fill(garbage, (byte) 0xff);
        try (SubjectReader errors = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + type);
             SubjectReader events = new SubjectReader(nats, "INLET_EVENTS", "inlet.events." + type)) {
            long bigSequence = publish("inlet.raw." + type, big, new Headers().add(InletHeaders.EVENT_ID, "big"))
                    .getSeqno();
            long garbageSequence = nats.jetStream().publish(NatsMessage.builder().subject("inlet.raw." + type)
                    .data(garbage).build()).getSeqno();
            publish("inlet.raw." + type, "{\"small\":true}", new Headers().add(InletHeaders.EVENT_ID, "small"));

            await().atMost(Duration.ofSeconds(60)).until(() -> Frames.events(errors.messages()).size() == 2
                    && Frames.events(events.messages()).size() == 1);
            assertThat(Frames.events(events.messages())).extracting(FramedEvent::eventId).containsExactly("small");
            List<FramedEvent> rejected = Frames.events(errors.messages());
            FramedEvent tooLarge = only(rejected, e -> e.eventId().equals("big"));
            assertThat(tooLarge.failure().stage()).isEqualTo("decode");
            assertThat(tooLarge.failure().reason()).startsWith("the event is " + bytes(big).length + " bytes and "
                    + "does not fit a message").contains("payload cut to its first ")
                    .contains("the whole message is in stream " + incarnation + " at sequence " + bigSequence);
            assertThat(tooLarge.failure().violations()).extracting(Violation::keyword).containsExactly("size");
            assertThat(new String(tooLarge.payload(), StandardCharsets.UTF_8)).as("cut at a character boundary")
                    .startsWith("{\"s\":\"éé").doesNotContain("\uFFFD");
            assertThat(bytes(big)).startsWith(tooLarge.payload());
            FramedEvent binary = only(rejected, e -> e.failure().reason().startsWith("body is not valid JSON"));
            assertThat(binary.origin()).isEqualTo(Origin.of(incarnation, garbageSequence, 0, 1));
            assertThat(binary.payload()).isNotEmpty().containsOnly((byte) 0xff);
            assertThat(binary.payload().length).isLessThan(garbage.length);
            assertThat(binary.failure().reason()).contains("of " + garbage.length + " bytes");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ConsumerInfo info = consumerInfo(GROUP);
            assertThat(info.getNumPending()).isZero();
            assertThat(info.getNumAckPending()).isZero();
            assertThat(info.getRedelivered()).isZero();
        });
    }

    @Test
    void aSecondReadOfTheSameRawMessagesYieldsTheSameIdsAndOriginsAndForwardedFramesAreStoredOnce() {
        // Its own subjects, read by consumers started here: a second group reads the same raw messages from the
        // start, which is what a redelivery of all of them is.
        String prefix = UniqueNames.lowerToken("consumer_it_replay");
        String type = prefix + ".replayed";
        try (SubjectReader events = new SubjectReader(nats, "INLET_EVENTS", "inlet.events." + type)) {
            for (int i = 0; i < 10; i++) {
                publish("inlet.raw." + type, "[{\"n\":" + i + "},{\"n\":" + (100 + i) + "}]", new Headers());
                List<FramedEvent> frame = List.of(Frames.event("gw-" + i + "-a", RECEIVED, bytes("{}")),
                        Frames.event("gw-" + i + "-b", RECEIVED, bytes("{}")));
                Frames.publish(nats, "inlet.raw." + type, EventFrame.events(EventType.of(type), frame), null);
            }
            readAll(prefix, UniqueNames.lowerToken("replay_first"));
            await().atMost(Duration.ofSeconds(60)).until(() -> Frames.events(events.messages()).size() >= 40);
            List<Message> forwarded = forwarded(events.messages());
            Set<String> keys = keys(Frames.events(events.messages()));
            assertThat(forwarded).hasSize(10);
            assertThat(keys).hasSize(40);

            double duplicates = readAll(prefix, UniqueNames.lowerToken("replay_second"));

            // Forwarded frames: the same message ids, dropped by JetStream as duplicates.
            assertThat(forwarded(events.messages())).hasSize(10);
            assertThat(duplicates).isGreaterThanOrEqualTo(10);
            // Gathered ones may be cut otherwise the second time; their events keep their ids and origins, by
            // which the lake stores each once.
            assertThat(keys(Frames.events(events.messages()))).isEqualTo(keys);
        }
    }

    @Test
    void aBatchThatFailsAfterItsFramesWerePublishedIsRedeliveredAndItsForwardedFramesAreNotStoredTwice()
            throws Exception {
        String prefix = UniqueNames.lowerToken("consumer_it_redeliver");
        String type = prefix + ".retried";
        String group = UniqueNames.lowerToken("redeliver");
        List<FramedEvent> sent = List.of(Frames.event("gw-r-1", RECEIVED, bytes("{\"a\":1}")),
                Frames.event("gw-r-2", RECEIVED, bytes("{\"a\":2}")));
        try (SubjectReader events = new SubjectReader(nats, "INLET_EVENTS", "inlet.events." + type)) {
            long sequence = Frames.publish(nats, "inlet.raw." + type, EventFrame.events(EventType.of(type), sent),
                    null).getSeqno();
            long json = publish("inlet.raw." + type, "{\"b\":1}", new Headers()).getSeqno();

            double duplicates;
            try (ConfigurableApplicationContext consumer = startConsumer(prefix, group,
                    FailOnceAfterPublishing.class)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    ConsumerInfo info = consumerInfo(group);
                    assertThat(info.getDelivered().getStreamSequence()).isGreaterThanOrEqualTo(json);
                    assertThat(info.getNumPending()).isZero();
                    assertThat(info.getNumAckPending()).isZero();
                });
                duplicates = consumer.getBean(MeterRegistry.class).find("inlet.binder.publish.duplicates").counters()
                        .stream().mapToDouble(Counter::count).sum();
            }
            assertThat(FailOnceAfterPublishing.FAILURES).hasValue(1);

            assertThat(forwarded(events.messages())).singleElement().satisfies(m -> assertThat(
                    FrameCodec.decode(m.getData()).events()).extracting(e -> e.origin().sequence())
                    .containsOnly(sequence));
            assertThat(duplicates).isGreaterThanOrEqualTo(1);
            List<FramedEvent> received = Frames.events(events.messages());
            assertThat(keys(received)).hasSize(3);
            assertThat(received).extracting(FramedEvent::eventId).contains("gw-r-1", "gw-r-2");
        }
    }

    /**
     * Runs a consumer of {@code inlet.raw.<prefix>.>} as {@code group} until it has handled everything there.
     *
     * @return how many of its publishes JetStream dropped as duplicates
     */
    private static double readAll(String prefix, String group) {
        try (ConfigurableApplicationContext consumer = startConsumer(prefix, group)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                ConsumerInfo info = consumerInfo(group);
                assertThat(info.getDelivered().getStreamSequence()).isPositive();
                assertThat(info.getNumPending()).isZero();
                assertThat(info.getNumAckPending()).isZero();
            });
            return consumer.getBean(MeterRegistry.class).find("inlet.binder.publish.duplicates").counters().stream()
                    .mapToDouble(Counter::count).sum();
        }
    }

    private static List<Message> forwarded(List<Message> messages) {
        return messages.stream().filter(m -> m.getHeaders().getFirst(InletHeaders.NATS_MSG_ID)
                .matches("consumer:INLET_RAW@\\d+:\\d+:events:.*")).toList();
    }

    private static Set<String> keys(List<FramedEvent> events) {
        return events.stream().map(e -> e.eventId() + "@" + e.origin().key()).collect(Collectors.toSet());
    }

    private static FramedEvent only(List<FramedEvent> events, java.util.function.Predicate<FramedEvent> which) {
        List<FramedEvent> matching = events.stream().filter(which).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    private static String rawIncarnation() throws IOException, JetStreamApiException {
        return "INLET_RAW@" + nats.jetStreamManagement().getStreamInfo("INLET_RAW").getCreateTime().toInstant()
                .toEpochMilli();
    }

    private static ConsumerInfo consumerInfo(String group) throws IOException, JetStreamApiException {
        return nats.jetStreamManagement().getConsumerInfo("INLET_RAW", group);
    }

    private static PublishAck publish(String subject, String body, Headers headers) {
        try {
            return nats.jetStream().publish(NatsMessage.builder().subject(subject).headers(headers)
                    .data(bytes(body)).build());
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
