package io.inlet.pipeline.it;

import io.inlet.testsupport.SubjectReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.EventMetadata;
import io.inlet.contracts.EventType;
import io.inlet.contracts.InletHeaders;
import io.inlet.pipeline.Fixtures;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.RegistryProcess;
import io.inlet.testsupport.UniqueNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Two pipeline-service instances in one group share a stream of events: each event is in inlet.valid once. */
class CompetingInstancesIT {

    private static final int EVENTS = 10_000;

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
            JetStream jetStream = nats.jetStream();
            Set<String> sent = new HashSet<>();
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                String id = prefix + "-" + i;
                sent.add(id);
                Headers headers = new Headers();
                new EventMetadata(id, EventType.of(type), Instant.now(), "nats", null, null, null).toHeaders()
                        .forEach(headers::add);
                acks.add(jetStream.publishAsync(NatsMessage.builder().subject("inlet.events." + type).headers(headers)
                        .data(bodies.get(i % bodies.size()).getBytes(StandardCharsets.UTF_8)).build()));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> valid.messages().size() >= EVENTS);
            List<Message> received = valid.messages();
            List<String> ids = received.stream().map(m -> m.getHeaders().getFirst(InletHeaders.EVENT_ID)).toList();
            assertThat(ids).hasSize(EVENTS).doesNotHaveDuplicates();
            assertThat(new HashSet<>(ids)).isEqualTo(sent);
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
