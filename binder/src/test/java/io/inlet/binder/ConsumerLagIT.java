package io.inlet.binder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.binder.BinderTestApp.Recorder;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.UniqueNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The lag gauges of a consumer binding follow its JetStream consumer, read from its consumer info on the shared
 * NATS: a durable whose handler does not ack shows its messages pending and ack-pending, then redelivered once the
 * ack wait ran out, and all three fall to zero once the messages are acked.
 */
class ConsumerLagIT {

    private static final String BINDING = "keepAcks-in-0";
    private static final int MAX_ACK_PENDING = 20;
    private static final int MESSAGES = 50;

    private static Connection nats;
    private static JetStream js;
    private static JetStreamManagement jsm;

    private final String prefix = UniqueNames.subjectPrefix("lag");
    private final String stream = UniqueNames.streamName("lag");
    private ConfigurableApplicationContext app;

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

    @AfterEach
    void cleanUp() throws Exception {
        if (app != null) {
            app.close();
        }
        jsm.deleteStream(stream);
    }

    @Test
    void gaugesShowPendingAckPendingAndRedeliveredMessagesAndFallOnceTheyAreAcked() throws Exception {
        app = startApp();
        Recorder recorder = app.getBean(Recorder.class);
        MeterRegistry meters = app.getBean(MeterRegistry.class);

        publish(MESSAGES);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(gauge(meters, "inlet.binder.consumer.lag.ack.pending")).as("delivered, not acked")
                    .isEqualTo(MAX_ACK_PENDING);
            assertThat(gauge(meters, "inlet.binder.consumer.lag.pending")).as("not delivered yet")
                    .isEqualTo(MESSAGES - MAX_ACK_PENDING);
        });
        // The handler keeps the acks; after the ack wait JetStream delivers the same messages again.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(gauge(meters, "inlet.binder.consumer.lag.redelivered")).isEqualTo(MAX_ACK_PENDING));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (NatsAcknowledgment held = recorder.heldAcks.poll(); held != null; held = recorder.heldAcks.poll()) {
                held.ack();
            }
            assertThat(gauge(meters, "inlet.binder.consumer.lag.pending")).isZero();
            assertThat(gauge(meters, "inlet.binder.consumer.lag.ack.pending")).isZero();
            assertThat(gauge(meters, "inlet.binder.consumer.lag.redelivered")).isZero();
        });
        assertThat(meters.get("inlet.binder.consumer.lag.read.failures").tag("binding", BINDING).counter().count())
                .isZero();
    }

    /** The gauge's value, NaN until the first lag read registered it (the awaits then retry). */
    private double gauge(MeterRegistry meters, String name) {
        io.micrometer.core.instrument.Gauge gauge = meters.find(name).tag("binding", BINDING).tag("stream", stream)
                .tag("group", "lagging").gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    private ConfigurableApplicationContext startApp() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.cloud.stream.nats.binder.servers", Infrastructure.nats().url());
        properties.put("spring.cloud.stream.nats.binder.lag-interval", "200ms");
        properties.put("spring.cloud.function.definition", "keepAcks");
        properties.put("spring.cloud.stream.bindings." + BINDING + ".destination", prefix + ".in");
        properties.put("spring.cloud.stream.bindings." + BINDING + ".group", "lagging");
        properties.put("spring.cloud.stream.bindings." + BINDING + ".consumer.batch-mode", "true");
        properties.put(nats("stream.name"), stream);
        properties.put(nats("stream.subjects"), prefix + ".>");
        properties.put(nats("stream.storage"), "memory");
        properties.put(nats("ack-mode"), "manual");
        properties.put(nats("ack-wait"), "2s");
        properties.put(nats("max-ack-pending"), Integer.toString(MAX_ACK_PENDING));
        properties.put(nats("dead-letter-subject"), prefix + ".dlq");
        properties.put(nats("shutdown-timeout"), "5s");
        return BinderTestApp.start(properties);
    }

    private void publish(int count) throws Exception {
        BinderTestApp.publishIds(js, prefix + ".in", 0, count);
    }

    private static String nats(String property) {
        return "spring.cloud.stream.nats.bindings." + BINDING + ".consumer." + property;
    }
}
