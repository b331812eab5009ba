package io.inlet.pipeline.it;

import io.inlet.testsupport.SubjectReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.EventType;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Origin;
import io.inlet.pipeline.Fixtures;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.RegistryProcess;
import io.inlet.testsupport.UniqueNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.api.PublishAck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two pipeline-service instances in one group share a stream of frames: each event is in inlet.valid once, in one
 * valid frame per input frame.
 */
class CompetingInstancesIT {

    private static final int EVENTS = 10_000;
    private static final int PER_FRAME = 50;

    @Test
    void twoInstancesShareTenThousandEventsWithNoneMissingOrDoubled() throws Exception {
        String prefix = UniqueNames.lowerToken("pipeline_it_shared");
        String type = prefix + ".page.viewed";
        String group = UniqueNames.lowerToken("pipeline_it_shared");
        RegistryProcess registry = RegistryProcess.get();
        registry.register(type, Fixtures.schema("page.viewed.v2.json"));
        List<String> bodies = Fixtures.events("page.viewed.valid.ndjson");

        try (Connection nats = Infrastructure.nats().connect();
             ConfigurableApplicationContext first = PipelineApps.start(prefix, group, registry.url());
             ConfigurableApplicationContext second = PipelineApps.start(prefix, group, registry.url());
             SubjectReader valid = new SubjectReader(nats, "INLET_VALID", "inlet.valid." + type)) {
            Set<String> sent = new HashSet<>();
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
            for (int f = 0; f < EVENTS / PER_FRAME; f++) {
                List<FramedEvent> events = new ArrayList<>(PER_FRAME);
                for (int i = 0; i < PER_FRAME; i++) {
                    int n = f * PER_FRAME + i;
                    String id = prefix + "-" + n;
                    sent.add(id);
                    events.add(new FramedEvent(id, Instant.now(), "nats", null, null, null, null, Map.of(),
                            Origin.of(PipelineApps.RAW_INCARNATION, f + 1, i, PER_FRAME), null,
                            bodies.get(n % bodies.size()).getBytes(StandardCharsets.UTF_8)));
                }
                acks.add(nats.jetStream().publishAsync("inlet.events." + type,
                        FrameCodec.encode(EventFrame.events(EventType.of(type), events))));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> PipelineApps.eventIds(valid.messages()).size() >= EVENTS);
            List<String> ids = PipelineApps.eventIds(valid.messages());
            assertThat(ids).hasSize(EVENTS).doesNotHaveDuplicates();
            assertThat(new HashSet<>(ids)).isEqualTo(sent);
            assertThat(valid.messages()).as("one valid frame per input frame").hasSize(EVENTS / PER_FRAME);
            double byFirst = validCount(first);
            double bySecond = validCount(second);
            assertThat(byFirst).as("events handled by the first instance").isPositive();
            assertThat(bySecond).as("events handled by the second instance").isPositive();
            assertThat(byFirst + bySecond).isGreaterThanOrEqualTo(EVENTS);
        }
    }

    private static double validCount(ConfigurableApplicationContext context) {
        return context.getBean(MeterRegistry.class).get("inlet.pipeline.events").tag("outcome", "valid").counter()
                .count();
    }
}
