package io.inlet.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.frame.FramedEvent;
import io.inlet.lake.buffer.BufferManager;
import io.inlet.lake.support.LakeHarness;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A buffer lives four times as long as the bindings' ack wait: its deliveries are kept alive with in-progress
 * signals, so JetStream redelivers none of them and the file holds every event once.
 */
class LakeKeepAliveIT {

    private static final String SCHEMA = """
            {"type":"object","required":["n"],"properties":{"n":{"type":"integer"}}}""";

    private static final Instant NINE = Instant.parse("2026-11-30T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-11-30T10:00:00Z");

    private static LakeHarness harness;

    @BeforeAll
    static void setUp() {
        harness = new LakeHarness("lake-keepalive");
        harness.registry.register("kept.tick", SCHEMA);
    }

    @AfterAll
    static void tearDown() {
        harness.close();
    }

    @Test
    void deliveriesHeldLongerThanTheAckWaitAreNotRedelivered() throws Exception {
        ConfigurableApplicationContext lake = harness.start(Map.of(
                "spring.cloud.stream.nats.default.consumer.ack-wait", "3s",
                "inlet.lake.buffer.max-age", "12s"));
        try {
            // ten frames of five events, each frame across two hourly partitions (two buffers, one delivery)
            for (int frame = 0; frame < 10; frame++) {
                List<FramedEvent> events = new ArrayList<>();
                for (int i = frame * 5; i < frame * 5 + 5; i++) {
                    events.add(LakeHarness.validEvent("kept-" + i, i % 2 == 0 ? NINE : TEN, 1, "{\"n\":" + i + "}"));
                }
                harness.publishValid("kept.tick", events);
            }
            BufferManager buffers = lake.getBean(BufferManager.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> buffers.openEvents() == 50);

            // three ack waits: a redelivery would add its event to the buffer a second time
            await().during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(10)).until(() ->
                    buffers.openEvents() == 50
                            && harness.consumer(harness.validStream, harness.validDurable()).getRedelivered() == 0);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var consumer = harness.consumer(harness.validStream, harness.validDurable());
                assertThat(consumer.getNumAckPending()).isZero();
                assertThat(consumer.getNumPending()).isZero();
            });
            MeterRegistry meters = lake.getBean(MeterRegistry.class);
            assertThat(meters.counter("inlet.lake.events.committed").count()).isEqualTo(50);
            assertThat(meters.counter("inlet.lake.events.duplicates").count()).isZero();
            // one signal per delivery and round, however many buffers hold its events
            assertThat(meters.get("inlet.lake.deliveries.kept-alive").functionCounter().count())
                    .isGreaterThanOrEqualTo(10 * 3);
        } finally {
            lake.close();
        }
    }
}
