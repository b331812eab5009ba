package io.inlet.binder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.binder.BinderTestApp.Recorder;
import io.inlet.testsupport.NatsServerProcess;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every binding resumes within seconds after nats-server is killed ({@code kill -9}) and started again on the same
 * port and store, several times, under load: a single-mode consumer, a batch-mode consumer, and a batch-mode stage
 * that publishes each input to an output (its PubAcks awaited in the binder's {@code PublishScope}), all in one
 * application on a private nats-server; in the end each of them saw every id and the stage's outputs are complete.
 *
 * <p>Quick reconnects are what leave a jnats 2.25.1 connection CONNECTED but writing nothing (nats-io/nats.java#1522):
 * without the binder's recovery a binding here stops for good in many runs, its consumer's pending count growing.
 */
class NatsRestartIT {

    private static final Logger log = LoggerFactory.getLogger(NatsRestartIT.class);
    private static final List<String> HANDLERS = List.of("countIds", "countIdBatches", "forwardIds");
    private static final int RESTARTS = 5;
    private static final Duration RESUME_WITHIN = Duration.ofSeconds(10);

    private static NatsServerProcess server;
    private static Connection publisherConnection;

    private final String prefix = UniqueNames.subjectPrefix("restart");
    private final String stream = UniqueNames.streamName("restart");
    private final String outStream = UniqueNames.streamName("restartout");

    @BeforeAll
    static void startServer() throws Exception {
        server = NatsServerProcess.start(Path.of("target", "nats-restart-it", UniqueNames.lowerToken("run")));
        // Frequent PINGs get the test's own publisher out of the jnats state described above within a few seconds.
        publisherConnection = Nats.connect(Options.builder().server(server.url()).maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(100)).connectionTimeout(Duration.ofSeconds(2))
                .pingInterval(Duration.ofSeconds(1)).maxPingsOut(2).build());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (publisherConnection != null) {
            publisherConnection.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyBindingResumesWithinSecondsAfterEachRestartAndConsumesEveryId() throws Exception {
        ConfigurableApplicationContext app = startApp();
        Recorder recorder = app.getBean(Recorder.class);
        try (ContinuousPublisher publisher = new ContinuousPublisher(publisherConnection, prefix + ".in", "in-", 20)
                .start(20)) {
            for (int restart = 1; restart <= RESTARTS; restart++) {
                // under load: every binding is keeping up before NATS goes away
                awaitEveryBindingGot(app, recorder, publisher.nextId(), Duration.ofSeconds(30));
                server.kill();
                server.start();
                Map<String, Duration> resumedAfter = awaitEveryBindingGot(app, recorder, publisher.nextId(),
                        RESUME_WITHIN);
                log.info("Restart {}: new messages delivered after {}", restart, resumedAfter);
            }

            publisher.stopGenerating();
            await().atMost(Duration.ofSeconds(30)).until(publisher::allConfirmed);
            long published = publisher.nextId();
            Set<Long> expected = LongStream.range(0, published).boxed().collect(Collectors.toSet());
            for (String handler : HANDLERS) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(recorder.idsSeenBy(handler)).as(handler).containsAll(expected));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    publisherConnection.jetStreamManagement().getStreamInfo(outStream).getStreamState().getMsgCount())
                    .as("outputs, one per id").isEqualTo(published));
            log.info("{} ids published, each consumed by every binding", published);

            for (String handler : HANDLERS) {
                assertThat((Long) bindingHealth(app, handler).get("resubscribes"))
                        .as(handler + " subscribed anew after each restart").isGreaterThanOrEqualTo(RESTARTS);
            }
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(natsHealth(app).getStatus().getCode()).isEqualTo("UP"));
        } finally {
            app.close();
        }
    }

    /** Waits until every binding got an id of at least {@code fromId}; how long each took. */
    private Map<String, Duration> awaitEveryBindingGot(ConfigurableApplicationContext app, Recorder recorder,
            long fromId, Duration within) {
        long start = System.nanoTime();
        Map<String, Duration> got = new ConcurrentHashMap<>();
        await().atMost(within).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            for (String handler : HANDLERS) {
                if (!got.containsKey(handler) && recorder.highestIdSeenBy(handler) >= fromId) {
                    got.put(handler, Duration.ofNanos(System.nanoTime() - start));
                }
            }
            assertThat(got.keySet()).as(() -> "bindings that got an id >= " + fromId + "; " + state(app, recorder))
                    .containsExactlyInAnyOrderElementsOf(HANDLERS);
        });
        return new LinkedHashMap<>(got);
    }

    /** For a failure message: each binding's highest id, its consumer and its health. */
    private String state(ConfigurableApplicationContext app, Recorder recorder) {
        StringBuilder text = new StringBuilder();
        for (String handler : HANDLERS) {
            text.append(handler).append(": highest id ").append(recorder.highestIdSeenBy(handler));
            try {
                ConsumerInfo info = publisherConnection.jetStreamManagement().getConsumerInfo(stream,
                        handler.toLowerCase());
                text.append(", pending ").append(info.getNumPending()).append(", ack pending ")
                        .append(info.getNumAckPending());
                text.append(", health ").append(bindingHealth(app, handler));
            } catch (Exception e) {
                text.append(", ").append(e);
            }
            text.append("; ");
        }
        return text.toString();
    }

    private ConfigurableApplicationContext startApp() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.main.banner-mode", "off");
        properties.put("management.endpoint.health.show-details", "always");
        properties.put("spring.cloud.stream.nats.binder.servers", server.url());
        properties.put("spring.cloud.stream.nats.binder.reconnect-wait", "500ms");
        // also how long JetStream requests and the binder's PING check wait
        properties.put("spring.cloud.stream.nats.binder.connect-timeout", "2s");
        properties.put("spring.cloud.function.definition", String.join(";", HANDLERS));
        for (String handler : HANDLERS) {
            String binding = handler + "-in-0";
            properties.put("spring.cloud.stream.bindings." + binding + ".destination", prefix + ".in");
            properties.put("spring.cloud.stream.bindings." + binding + ".group", handler.toLowerCase());
            properties.put(BinderTestApp.natsConsumer(binding, "stream.name"), stream);
            properties.put(BinderTestApp.natsConsumer(binding, "stream.subjects"), prefix + ".>");
            properties.put(BinderTestApp.natsConsumer(binding, "dead-letter-subject"), prefix + ".dlq." + handler.toLowerCase());
            properties.put(BinderTestApp.natsConsumer(binding, "backoff"), "100ms");
            properties.put(BinderTestApp.natsConsumer(binding, "max-deliver"), "0");
            // what was in flight when NATS died comes again soon
            properties.put(BinderTestApp.natsConsumer(binding, "ack-wait"), "5s");
            properties.put(BinderTestApp.natsConsumer(binding, "stall-timeout"), "2s");
            properties.put(BinderTestApp.natsConsumer(binding, "stall-check-interval"), "1s");
            properties.put(BinderTestApp.natsConsumer(binding, "shutdown-timeout"), "5s");
        }
        properties.put("spring.cloud.stream.bindings.countIdBatches-in-0.consumer.batch-mode", "true");
        properties.put("spring.cloud.stream.bindings.forwardIds-in-0.consumer.batch-mode", "true");
        properties.put("spring.cloud.stream.output-bindings", "forwarded");
        properties.put("spring.cloud.stream.bindings.forwarded.destination", prefix + "out.>");
        properties.put("spring.cloud.stream.nats.bindings.forwarded.producer.stream.name", outStream);
        properties.put("spring.cloud.stream.nats.bindings.forwarded.producer.stream.subjects", prefix + "out.>");
        return BinderTestApp.start(properties);
    }

    private static IndicatedHealthDescriptor natsHealth(ConfigurableApplicationContext app) {
        return (IndicatedHealthDescriptor) app.getBean(HealthEndpoint.class).healthForPath("binders", "nats");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bindingHealth(ConfigurableApplicationContext app, String handler) {
        Map<String, Object> bindings = (Map<String, Object>) natsHealth(app).getDetails().get("bindings");
        return (Map<String, Object>) bindings.get(handler + "-in-0");
    }
}
