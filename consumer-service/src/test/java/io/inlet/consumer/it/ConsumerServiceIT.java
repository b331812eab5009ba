package io.inlet.consumer.it;

import io.inlet.testsupport.SubjectReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.consumer.ConsumerApplication;
import io.inlet.contracts.EventMetadata;
import io.inlet.contracts.EventType;
import io.inlet.contracts.InletHeaders;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The consumer-service on the real NATS JetStream: raw messages of this class's own event types in,
 * events and errors out, on the shared INLET_* streams.
 */
class ConsumerServiceIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PREFIX = UniqueNames.lowerToken("consumer_it");
    private static final String GROUP = UniqueNames.lowerToken("consumer_it_group");

    private static Connection nats;
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() {
        nats = Infrastructure.nats().connect();
        app = startConsumer(GROUP);
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

    static ConfigurableApplicationContext startConsumer(String group) {
        return new SpringApplicationBuilder(ConsumerApplication.class).run(
                "--server.port=0",
                "--spring.cloud.stream.nats.binder.servers=" + Infrastructure.nats().url(),
                "--spring.cloud.stream.bindings.normalizeRaw-in-0.destination=inlet.raw." + PREFIX + ".>",
                "--spring.cloud.stream.bindings.normalizeRaw-in-0.group=" + group);
    }

    @Test
    void splitsObjectsArraysAndNdjsonIntoSingleEventsWithIdsAsNatsMsgId() {
        String type = PREFIX + ".split";
        try (SubjectReader events = new SubjectReader(nats, "INLET_EVENTS", "inlet.events." + type)) {
            publish("inlet.raw." + type, "{\"n\":1}", new Headers());
            publish("inlet.raw." + type, "[{\"n\":2},{\"n\":3},{\"n\":4}]", new Headers());
            publish("inlet.raw." + type, "{\"n\":5}\n{\"n\":6}\n", new Headers().add(InletHeaders.EVENT_ID, "mine"));

            await().atMost(Duration.ofSeconds(20)).until(() -> events.messages().size() >= 6);
            List<Message> received = events.messages();
            assertThat(received).hasSize(6);
            assertThat(received).extracting(m -> JSON.readTree(m.getData()).get("n").asInt())
                    .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
            for (Message message : received) {
                EventMetadata metadata = EventMetadata.fromHeaders(message.getHeaders()::getFirst);
                assertThat(message.getHeaders().getFirst(InletHeaders.NATS_MSG_ID))
                        .isEqualTo(type + ":" + metadata.eventId());
                assertThat(metadata.eventType()).isEqualTo(EventType.of(type));
                assertThat(metadata.source()).isEqualTo("nats");
            }
            assertThat(received).extracting(m -> m.getHeaders().getFirst(InletHeaders.EVENT_ID))
                    .doesNotHaveDuplicates()
                    .contains("mine-0", "mine-1");
        }
    }

    @Test
    void keepsTheGatewayEnvelopeAndSchemaPin() {
        String type = PREFIX + ".gateway";
        EventMetadata sent = new EventMetadata(UniqueNames.lowerToken("gw"), EventType.of(type),
                Instant.parse("2026-11-24T10:00:00.123Z"), "gateway", 1, "key-1", "req-1");
        Headers headers = new Headers();
        sent.toHeaders().forEach(headers::add);
        headers.put(InletHeaders.NATS_MSG_ID, type + ":" + sent.eventId());  // as the gateway sets it
        try (SubjectReader events = new SubjectReader(nats, "INLET_EVENTS", "inlet.events." + type)) {
            publish("inlet.raw." + type, "{\"user_id\":\"u-1\"}", headers);

            await().atMost(Duration.ofSeconds(20)).until(() -> events.messages().size() == 1);
            Message message = events.messages().get(0);
            assertThat(EventMetadata.fromHeaders(message.getHeaders()::getFirst)).isEqualTo(sent);
            assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"user_id\":\"u-1\"}");
        }
    }

    @Test
    void undecodableInputReachesTheErrorSubjectWithItsBytesAndIsAckedAtOnce() throws Exception {
        String type = PREFIX + ".broken";
        byte[] garbage = {(byte) 0xde, (byte) 0xad, '{', (byte) 0xbe, (byte) 0xef};
        try (SubjectReader errors = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + type);
             SubjectReader events = new SubjectReader(nats, "INLET_EVENTS", "inlet.events." + type)) {
            nats.jetStream().publish(NatsMessage.builder().subject("inlet.raw." + type).data(garbage).build());
            publish("inlet.raw." + type, "[{\"ok\":true},\"not an object\"]", new Headers());

            await().atMost(Duration.ofSeconds(20)).until(() -> errors.messages().size() == 2);
            List<JsonNode> envelopes = errors.messages().stream().map(m -> JSON.readTree(m.getData())).toList();
            JsonNode binary = envelopes.stream().filter(e -> e.get("payloadEncoding").asString().equals("base64"))
                    .findFirst().orElseThrow();
            assertThat(binary.get("stage").asString()).isEqualTo("decode");
            assertThat(binary.get("eventType").asString()).isEqualTo(type);
            assertThat(binary.get("reason").asString()).isEqualTo("body is not valid JSON");
            assertThat(java.util.Base64.getDecoder().decode(binary.get("payload").asString())).isEqualTo(garbage);
            assertThat(binary.get("violations").get(0).get("keyword").asString()).isEqualTo("json");
            JsonNode element = envelopes.stream().filter(e -> e != binary).findFirst().orElseThrow();
            assertThat(element.get("payload").asString()).isEqualTo("\"not an object\"");
            assertThat(element.get("violations").get(0).get("pointer").asString()).isEqualTo("/1");
            assertThat(errors.messages()).allSatisfy(m -> assertThat(m.getHeaders().getFirst(InletHeaders.ERROR_STAGE))
                    .isEqualTo("decode"));
            assertThat(events.messages()).hasSize(1);
        }
        // Bad input is never a handler failure: nothing pending, nothing redelivered.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ConsumerInfo info = consumerInfo(GROUP);
            assertThat(info.getNumPending()).isZero();
            assertThat(info.getNumAckPending()).isZero();
            assertThat(info.getRedelivered()).isZero();
        });
    }

    @Test
    void aSecondReadOfTheSameRawMessagesYieldsTheSameIdsSoNothingIsStoredTwice() {
        String type = PREFIX + ".replay";
        try (SubjectReader events = new SubjectReader(nats, "INLET_EVENTS", "inlet.events." + type)) {
            for (int i = 0; i < 20; i++) {
                publish("inlet.raw." + type, "[{\"n\":" + i + "},{\"n\":" + (100 + i) + "}]", new Headers());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> events.messages().size() >= 40);
            Set<String> ids = ids(events.messages());

            // Another group reads the same raw messages from the start: the same as a redelivery of all of them.
            String replayGroup = UniqueNames.lowerToken("consumer_it_replay");
            try (ConfigurableApplicationContext replay = startConsumer(replayGroup)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    ConsumerInfo info = consumerInfo(replayGroup);
                    assertThat(info.getNumPending()).isZero();
                    assertThat(info.getNumAckPending()).isZero();
                });
            }
            assertThat(events.messages()).hasSize(40);
            assertThat(ids(events.messages())).isEqualTo(ids).hasSize(40);
        }
    }

    private static Set<String> ids(List<Message> messages) {
        return messages.stream().map(m -> m.getHeaders().getFirst(InletHeaders.EVENT_ID)).collect(Collectors.toSet());
    }

    private static ConsumerInfo consumerInfo(String group) throws IOException, JetStreamApiException {
        return nats.jetStreamManagement().getConsumerInfo("INLET_RAW", group);
    }

    private static void publish(String subject, String body, Headers headers) {
        try {
            nats.jetStream().publish(NatsMessage.builder().subject(subject).headers(headers)
                    .data(body.getBytes(StandardCharsets.UTF_8)).build());
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }
}
