package io.inlet.binder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.inlet.binder.BinderTestApp.Recorder;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The binder's delivery guarantees, each shown on the real NATS JetStream server with real Spring
 * Cloud Stream applications. Every test has its own stream, subjects and group.
 */
class NatsBinderIT {

    private static Connection nats;
    private static JetStream js;
    private static JetStreamManagement jsm;

    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private final List<String> streams = new ArrayList<>();
    private String prefix;
    private String stream;
    private String group;

    @BeforeAll
    static void connect() throws Exception {
        nats = Infrastructure.nats().connect();
        js = nats.jetStream();
        jsm = nats.jetStreamManagement();
    }

    @AfterAll
    static void disconnect() throws Exception {
        nats.close();
    }

    @BeforeEach
    void names() {
        prefix = UniqueNames.subjectPrefix("binder");
        stream = UniqueNames.streamName("binder");
        group = UniqueNames.lowerToken("group");
        streams.add(stream);
    }

    @AfterEach
    void cleanUp() {
        apps.forEach(ConfigurableApplicationContext::close);
        for (String name : streams) {
            try {
                jsm.deleteStream(name);
            } catch (Exception e) {
                // the test may not have created it
            }
        }
    }

    @Test
    void aHandlerThatThrowsOnceGetsTheMessageAgainAndItIsAckedOnce() throws Exception {
        Recorder recorder = recorderOf(startConsumer("failOnce", Map.of()));

        publish("in", "hello");

        await().until(() -> recorder.deliveriesOf("hello") == 2);
        await().until(() -> allAckedUpTo(1));
        ConsumerInfo info = consumerInfo();
        assertThat(info.getNumAckPending()).isZero();
        assertThat(info.getNumPending()).isZero();
        assertThat(info.getRedelivered()).isZero();
        assertThat(recorder.deliveriesOf("hello")).isEqualTo(2);
    }

    @Test
    void aMessageThatAlwaysFailsLandsOnTheDeadLetterSubjectAfterMaxDeliveries() throws Exception {
        String deadLetters = prefix + ".dead";
        Recorder recorder = recorderOf(startConsumer("alwaysFail", Map.of(
                BinderTestApp.natsConsumer("alwaysFail-in-0", "max-deliver"), "3",
                BinderTestApp.natsConsumer("alwaysFail-in-0", "dead-letter-subject"), deadLetters)));

        publish("in", "poison-pill", Map.of("trace-id", "t-42"));

        Message dead = nextMessage(deadLetters, Duration.ofSeconds(20));
        assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).isEqualTo("poison-pill");
        Headers headers = dead.getHeaders();
        assertThat(headers.getFirst(NatsBinderHeaders.EXCEPTION_CLASS)).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(headers.getFirst(NatsBinderHeaders.EXCEPTION_MESSAGE)).isEqualTo("poison: cannot handle poison-pill");
        assertThat(headers.getFirst(NatsBinderHeaders.DELIVERIES)).isEqualTo("3");
        assertThat(headers.getFirst(NatsBinderHeaders.ORIGINAL_SUBJECT)).isEqualTo(prefix + ".in");
        assertThat(headers.getFirst("trace-id")).isEqualTo("t-42");
        await().until(() -> allAckedUpTo(1));
        assertThat(recorder.deliveriesOf("poison-pill")).isEqualTo(3);
        assertThat(consumerInfo().getNumAckPending()).isZero();
    }

    @Test
    void onAWorkqueueStreamAFailingMessageIsDeadLetteredAndAckedMessagesLeaveTheStream() throws Exception {
        String deadLetters = prefix + ".dead";
        Recorder recorder = recorderOf(startConsumer("alwaysFail", Map.of(
                BinderTestApp.natsConsumer("alwaysFail-in-0", "stream.retention"), "workqueue",
                BinderTestApp.natsConsumer("alwaysFail-in-0", "max-deliver"), "2",
                BinderTestApp.natsConsumer("alwaysFail-in-0", "dead-letter-subject"), deadLetters)));
        assertThat(jsm.getStreamInfo(stream).getConfiguration().getRetentionPolicy())
                .isEqualTo(io.nats.client.api.RetentionPolicy.WorkQueue);

        publish("in", "poison-pill");

        await().until(() -> allAckedUpTo(1));
        assertThat(recorder.deliveriesOf("poison-pill")).isEqualTo(2);
        // the input is gone with its ack; the dead letter is kept (no consumer reads its subject yet)
        StreamInfo info = jsm.getStreamInfo(stream);
        assertThat(info.getStreamState().getMsgCount()).isEqualTo(1);
        assertThat(info.getStreamState().getLastSequence()).isEqualTo(2);
        Message dead = nextMessage(deadLetters, Duration.ofSeconds(20));
        assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).isEqualTo("poison-pill");
        assertThat(dead.getHeaders().getFirst(NatsBinderHeaders.DELIVERIES)).isEqualTo("2");
    }

    @Test
    void onAWorkqueueStreamASecondGroupOnTheSameSubjectsDoesNotStartAndSaysWhy() throws Exception {
        startConsumer("record", Map.of(BinderTestApp.natsConsumer("record-in-0", "stream.retention"), "workqueue"));
        String first = group;
        group = UniqueNames.lowerToken("other");

        assertThatThrownBy(() -> startConsumer("record", Map.of(BinderTestApp.natsConsumer("record-in-0", "stream.retention"),
                "workqueue")))
                .hasStackTraceContaining("NatsProvisioningRefused")
                .hasStackTraceContaining("JetStream stream '" + stream + "' has workqueue retention and refuses "
                        + "consumer '" + group + "'");
        assertThat(jsm.getConsumerNames(stream)).containsExactly(first);
    }

    @Test
    void twoInstancesInOneGroupSplitTenThousandMessagesWithNoneMissingAndNoneTwice() throws Exception {
        Recorder first = recorderOf(startConsumer("record", Map.of()));
        Recorder second = recorderOf(startConsumer("record", Map.of()));

        int count = 10_000;
        publishMany("in", count);

        await().atMost(Duration.ofMinutes(2)).until(() -> first.payloads.size() + second.payloads.size() >= count);
        await().until(() -> allAckedUpTo(count));
        List<String> all = new ArrayList<>(first.payloads);
        all.addAll(second.payloads);
        assertThat(all).hasSize(count).doesNotHaveDuplicates();
        assertThat(new HashSet<>(all)).isEqualTo(expectedPayloads(0, count));
        assertThat(first.payloads).isNotEmpty();
        assertThat(second.payloads).isNotEmpty();
    }

    @Test
    void aDuplicateMessageIdIsStoredOnce() throws Exception {
        ConfigurableApplicationContext app = startConsumer("record", Map.of(
                "spring.cloud.stream.nats.default.producer.stream.name", stream,
                "spring.cloud.stream.nats.default.producer.stream.subjects", prefix + ".>"));
        StreamBridge bridge = app.getBean(StreamBridge.class);

        for (int i = 0; i < 3; i++) {
            bridge.send(prefix + ".out", MessageBuilder.withPayload("same event".getBytes(StandardCharsets.UTF_8))
                    .setHeader("Nats-Msg-Id", "event-1").build());
        }
        bridge.send(prefix + ".out", MessageBuilder.withPayload("other event".getBytes(StandardCharsets.UTF_8))
                .setHeader("Nats-Msg-Id", "event-2").build());

        assertThat(jsm.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(2);
    }

    @Test
    void batchModeDeliversListsAndAcksAll() throws Exception {
        Recorder recorder = recorderOf(startConsumer("recordBatch", Map.of(
                "spring.cloud.stream.bindings.recordBatch-in-0.consumer.batch-mode", "true",
                BinderTestApp.natsConsumer("recordBatch-in-0", "fetch-size"), "100")));

        int count = 1_000;
        publishMany("in", count, n -> "{\"n\":" + n + "}");

        await().until(() -> allAckedUpTo(count));
        assertThat(recorder.payloads).hasSize(count);
        assertThat(new HashSet<>(recorder.payloads)).isEqualTo(expectedPayloads(0, count));
        assertThat(recorder.batchSizes).allMatch(size -> size <= 100).anyMatch(size -> size > 1);
        assertThat(consumerInfo().getNumAckPending()).isZero();
    }

    @Test
    void withManualAcksTheHandlerAcksWhenItsDataIsSafe() throws Exception {
        Recorder recorder = recorderOf(startConsumer("keepAcks", Map.of(
                "spring.cloud.stream.bindings.keepAcks-in-0.consumer.batch-mode", "true",
                BinderTestApp.natsConsumer("keepAcks-in-0", "ack-mode"), "manual")));

        publishMany("in", 300);

        await().until(() -> recorder.heldAcks.size() == 300);
        assertThat(consumerInfo().getNumAckPending()).as("nothing acked before the handler says so").isEqualTo(300);
        recorder.heldAcks.forEach(NatsAcknowledgment::ack);
        await().until(() -> allAckedUpTo(300));
        assertThat(recorder.payloads).hasSize(300);
    }

    @Test
    void aPoisonMessageInABatchIsDeadLetteredAloneAndTheRestOfItsBatchIsHandled() throws Exception {
        String deadLetters = prefix + ".dead";
        Recorder recorder = recorderOf(startConsumer("batchWithPoison", Map.of(
                "spring.cloud.stream.bindings.batchWithPoison-in-0.consumer.batch-mode", "true",
                BinderTestApp.natsConsumer("batchWithPoison-in-0", "max-deliver"), "2",
                BinderTestApp.natsConsumer("batchWithPoison-in-0", "dead-letter-subject"), deadLetters)));

        publishMany("in", 50, n -> "{\"n\":" + n + "}");

        Message dead = nextMessage(deadLetters, Duration.ofSeconds(20));
        assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":13}");
        await().until(() -> allAckedUpTo(50));
        Set<String> expected = expectedPayloads(0, 50);
        expected.remove("13");
        assertThat(new HashSet<>(recorder.payloads)).isEqualTo(expected);
    }

    @Test
    void anApplicationRestartedMidStreamResumesFromItsDurableConsumerAndLosesNothing() throws Exception {
        ConfigurableApplicationContext first = startConsumer("record", Map.of());
        Recorder before = recorderOf(first);
        publishMany("in", 2_000);
        await().until(() -> before.payloads.size() >= 200);
        first.close();
        publishMany("in", 2_000, 2_000);

        Recorder after = recorderOf(startConsumer("record", Map.of()));

        await().atMost(Duration.ofMinutes(1)).until(() -> allAckedUpTo(4_000));
        Set<String> seen = new HashSet<>(before.payloads);
        seen.addAll(after.payloads);
        assertThat(seen).isEqualTo(expectedPayloads(0, 4_000));
        assertThat(after.payloads).isNotEmpty();
    }

    @Test
    void aFunctionsOutputIsPublishedWithItsHeadersBeforeTheInputIsAcked() throws Exception {
        ConfigurableApplicationContext app = startConsumer("upperCase", Map.of(
                "spring.cloud.stream.bindings.upperCase-out-0.destination", prefix + ".out",
                "spring.cloud.stream.nats.bindings.upperCase-out-0.producer.stream.name", stream,
                "spring.cloud.stream.nats.bindings.upperCase-out-0.producer.stream.subjects", prefix + ".>"));
        Recorder recorder = recorderOf(app);

        publish("in", "shout", Map.of("Nats-Msg-Id", "in-1", "tenant", "acme"));

        Message out = nextMessage(prefix + ".out", Duration.ofSeconds(10));
        assertThat(new String(out.getData(), StandardCharsets.UTF_8)).isEqualTo("SHOUT");
        assertThat(out.getHeaders().getFirst("tenant")).isEqualTo("acme");
        assertThat(out.getHeaders().getFirst("x-stage")).isEqualTo("upper");
        assertThat(out.getHeaders().keySet()).noneMatch(name -> name.startsWith("nats_"))
                .as("the input's de-duplication id is not inherited").doesNotContain("Nats-Msg-Id");
        await().until(() -> allAckedUpTo(1));
        assertThat(recorder.deliveriesOf("shout")).isEqualTo(1);
    }

    @Test
    void aFunctionRoutesOutputsToDynamicDestinations() throws Exception {
        startConsumer("route", Map.of(
                "spring.cloud.stream.nats.default.producer.stream.name", stream,
                "spring.cloud.stream.nats.default.producer.stream.subjects", prefix + ".>"));

        publish("in", prefix + ".routed.a");
        publish("in", prefix + ".routed.b");

        assertThat(new String(nextMessage(prefix + ".routed.a", Duration.ofSeconds(10)).getData(),
                StandardCharsets.UTF_8)).isEqualTo(prefix + ".routed.a");
        assertThat(new String(nextMessage(prefix + ".routed.b", Duration.ofSeconds(10)).getData(),
                StandardCharsets.UTF_8)).isEqualTo(prefix + ".routed.b");
        await().until(() -> allAckedUpTo(2));
    }

    @Test
    void inboundMessagesCarryNatsHeadersAndJetStreamMetadata() throws Exception {
        Recorder recorder = recorderOf(startConsumer("record", Map.of()));

        publish("in", "with headers", Map.of("inlet-event-id", "e-7", "Nats-Msg-Id", "m-7"));

        await().until(() -> recorder.headers.size() == 1);
        Map<String, Object> headers = recorder.headers.peek();
        assertThat(headers).containsEntry("inlet-event-id", "e-7")
                .containsEntry(NatsBinderHeaders.MSG_ID, "m-7")
                .containsEntry(NatsBinderHeaders.SUBJECT, prefix + ".in")
                .containsEntry(NatsBinderHeaders.STREAM, stream)
                .containsEntry(NatsBinderHeaders.STREAM_SEQUENCE, 1L)
                .containsEntry(NatsBinderHeaders.DELIVERED_COUNT, 1L)
                .containsKey(NatsBinderHeaders.TIMESTAMP);
        assertThat(java.time.Instant.parse((String) headers.get(NatsBinderHeaders.TIMESTAMP)))
                .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
    }

    @Test
    void aLongRunningHandlerKeepsItsMessageWithInProgressSignals() throws Exception {
        Recorder recorder = recorderOf(startConsumer("holdUntilReleased", Map.of(
                BinderTestApp.natsConsumer("holdUntilReleased-in-0", "ack-wait"), "1s",
                BinderTestApp.natsConsumer("holdUntilReleased-in-0", "in-progress-interval"), "300ms")));

        publish("in", "slow work");

        await().until(() -> recorder.deliveriesOf("slow work") == 1);
        // Three ack-wait periods pass: without in-progress signals JetStream would redeliver meanwhile.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> recorder.deliveriesOf("slow work") == 1 && consumerInfo().getNumAckPending() == 1);
        recorder.release.countDown();
        await().until(() -> allAckedUpTo(1));
        assertThat(recorder.deliveriesOf("slow work")).isEqualTo(1);
    }

    @Test
    void healthReportsTheNatsBinderUp() {
        ConfigurableApplicationContext app = startConsumer("record", Map.of());

        org.springframework.boot.health.actuate.endpoint.HealthEndpoint health =
                app.getBean(org.springframework.boot.health.actuate.endpoint.HealthEndpoint.class);

        assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
        assertThat(health.healthForPath("binders", "nats").getStatus().getCode()).isEqualTo("UP");
    }

    @Test
    void anApplicationStartsWhileNatsIsUnreachableAndSendsFailLoudlyMeanwhile() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ConfigurableApplicationContext app = startConsumer("record", Map.of(
                "spring.cloud.stream.nats.binder.servers", "nats://127.0.0.1:" + closedPort,
                "spring.cloud.stream.nats.binder.connect-timeout", "500ms"));

        assertThatThrownBy(() -> app.getBean(StreamBridge.class).send(prefix + ".out", "x".getBytes()))
                .hasStackTraceContaining("is not connected yet");
        org.springframework.boot.health.actuate.endpoint.HealthEndpoint health =
                app.getBean(org.springframework.boot.health.actuate.endpoint.HealthEndpoint.class);
        assertThat(health.healthForPath("binders", "nats").getStatus().getCode()).isEqualTo("DOWN");
    }

    @Test
    void aPublishToASubjectNoStreamCoversFailsLoudly() {
        ConfigurableApplicationContext app = startConsumer("record", Map.of());
        StreamBridge bridge = app.getBean(StreamBridge.class);

        assertThatThrownBy(() -> bridge.send("nowhere." + UniqueNames.lowerToken("x"), "lost?".getBytes()))
                .isInstanceOf(org.springframework.messaging.MessagingException.class)
                .hasStackTraceContaining("was not acknowledged by JetStream")
                .rootCause().hasMessageContaining("No Responders");
    }

    @Test
    void outputsPublishedWithoutSpringMessagesAreConfirmedBeforeTheInputIsAcked() throws Exception {
        String outStream = UniqueNames.streamName("binderout");
        streams.add(outStream);
        ConfigurableApplicationContext app = startConsumer("fanOut", Map.of(
                "spring.cloud.stream.output-bindings", "fanOutput",
                "spring.cloud.stream.bindings.fanOutput.destination", prefix + "out.>",
                "spring.cloud.stream.nats.bindings.fanOutput.producer.stream.name", outStream,
                "spring.cloud.stream.nats.bindings.fanOutput.producer.stream.subjects", prefix + "out.>"));
        Recorder recorder = recorderOf(app);
        assertThat(jsm.getStreamInfo(outStream).getConfiguration().getSubjects()).containsExactly(prefix + "out.>");

        publish("in", "first");
        Message a = nextMessage(prefix + "out.a", Duration.ofSeconds(10));
        assertThat(new String(a.getData(), StandardCharsets.UTF_8)).isEqualTo("first/a");
        assertThat(a.getHeaders().getFirst("x-part")).isEqualTo("a");
        assertThat(a.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("first/a");
        await().until(() -> allAckedUpTo(1));

        // Outputs JetStream cannot take fail the input: it is not acked but redelivered, and its outputs land
        // once the stream is back (the de-duplication ids keep a retried output single).
        jsm.deleteStream(outStream);
        publish("in", "second");
        await().until(() -> recorder.deliveriesOf("second") >= 2);
        assertThat(consumerInfo().getAckFloor().getStreamSequence()).isEqualTo(1);
        jsm.addStream(StreamConfiguration.builder().name(outStream).subjects(prefix + "out.>")
                .storageType(StorageType.Memory).build());
        await().until(() -> allAckedUpTo(2));
        assertThat(jsm.getStreamInfo(outStream).getStreamState().getMsgCount()).isEqualTo(2);
        assertThat(new String(nextMessage(prefix + "out.b", Duration.ofSeconds(10)).getData(),
                StandardCharsets.UTF_8)).isEqualTo("second/b");
    }

    @Test
    void anOutputRefusesSubjectsOutsideItsDestinationAndUnknownBindings() {
        ConfigurableApplicationContext app = startConsumer("record", Map.of(
                "spring.cloud.stream.output-bindings", "narrow",
                "spring.cloud.stream.bindings.narrow.destination", prefix + ".out.*",
                "spring.cloud.stream.nats.bindings.narrow.producer.stream.name", stream,
                "spring.cloud.stream.nats.bindings.narrow.producer.stream.subjects", prefix + ".>"));
        NatsOutputs outputs = app.getBean(NatsOutputs.class);

        assertThatThrownBy(() -> outputs.get("narrow").publish(prefix + ".out.a.b", new byte[0], Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Subject '" + prefix + ".out.a.b' is not covered by the destination '" + prefix
                        + ".out.*' of binding 'narrow'");
        assertThatThrownBy(() -> outputs.get("nope").publish(prefix + ".out.a", new byte[0], Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No NATS producer binding 'nope' is bound");
    }

    // ---------------------------------------------------------------- helpers

    private ConfigurableApplicationContext startConsumer(String function, Map<String, String> extra) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.cloud.stream.nats.binder.servers", Infrastructure.nats().url());
        properties.put("spring.cloud.function.definition", function);
        properties.put("spring.cloud.stream.bindings." + function + "-in-0.destination", prefix + ".in");
        properties.put("spring.cloud.stream.bindings." + function + "-in-0.group", group);
        properties.put(BinderTestApp.natsConsumer(function + "-in-0", "stream.name"), stream);
        properties.put(BinderTestApp.natsConsumer(function + "-in-0", "stream.subjects"), prefix + ".>");
        properties.put(BinderTestApp.natsConsumer(function + "-in-0", "backoff"), "50ms");
        properties.put(BinderTestApp.natsConsumer(function + "-in-0", "dead-letter-subject"), prefix + ".dlq");
        properties.put(BinderTestApp.natsConsumer(function + "-in-0", "shutdown-timeout"), "5s");
        properties.putAll(extra);
        ConfigurableApplicationContext app = BinderTestApp.start(properties);
        apps.add(app);
        return app;
    }

    /**
     * Every message up to this stream sequence was acked and none waits. (The ack floor can pass it:
     * the server skips over later messages of other subjects in the stream, such as dead letters.)
     */
    private boolean allAckedUpTo(long streamSequence) throws Exception {
        ConsumerInfo info = consumerInfo();
        return info.getAckFloor().getStreamSequence() >= streamSequence && info.getNumAckPending() == 0
                && info.getNumPending() == 0;
    }

    private static Recorder recorderOf(ConfigurableApplicationContext app) {
        return app.getBean(Recorder.class);
    }

    private ConsumerInfo consumerInfo() throws Exception {
        return jsm.getConsumerInfo(stream, group);
    }

    private void publish(String tail, String payload) throws Exception {
        publish(tail, payload, Map.of());
    }

    private void publish(String tail, String payload, Map<String, String> headers) throws Exception {
        Headers nh = new Headers();
        headers.forEach(nh::put);
        js.publish(NatsMessage.builder().subject(prefix + "." + tail).headers(nh)
                .data(payload.getBytes(StandardCharsets.UTF_8)).build());
    }

    private void publishMany(String tail, int count) throws Exception {
        publishMany(tail, 0, count);
    }

    private void publishMany(String tail, int from, int count) throws Exception {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            acks.add(js.publishAsync(prefix + "." + tail, Integer.toString(n).getBytes(StandardCharsets.UTF_8)));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
    }

    private void publishMany(String tail, int count, java.util.function.IntFunction<String> body) throws Exception {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            acks.add(js.publishAsync(prefix + "." + tail, body.apply(n).getBytes(StandardCharsets.UTF_8)));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
    }

    private Message nextMessage(String subject, Duration timeout) throws Exception {
        JetStreamSubscription sub = js.subscribe(subject, PullSubscribeOptions.builder().build());
        try {
            List<Message> messages = sub.fetch(1, timeout);
            assertThat(messages).as("a message on " + subject).hasSize(1);
            messages.get(0).ack();
            return messages.get(0);
        } finally {
            sub.unsubscribe();
        }
    }

    private static Set<String> expectedPayloads(int from, int to) {
        Set<String> expected = new HashSet<>();
        IntStream.range(from, to).forEach(n -> expected.add(Integer.toString(n)));
        return expected;
    }

    @SuppressWarnings("unused")
    private static StreamConfiguration memoryStream(String name, String subject) {
        return StreamConfiguration.builder().name(name).subjects(subject).storageType(StorageType.Memory).build();
    }
}
