package io.inlet.pipeline.it;

import io.inlet.testsupport.SubjectReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.frame.FramedEvent;
import io.inlet.pipeline.Fixtures;
import io.inlet.testsupport.Frames;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.RegistryProcess;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The registry goes away: events whose schema is cached keep flowing; an event whose schema was
 * never fetched is nak'ed and retried (not sent to the error lake) until the registry is back.
 */
class RegistryOutageIT {

    private static final String EVENT = "{\"user_id\":\"u\",\"signed_up_at\":\"2026-11-24T10:00:00Z\",\"plan\":\"pro\"}";

    @Test
    void cachedSchemasKeepTheStageGoingAndUncachedOnesWaitForTheRegistry() throws Exception {
        String prefix = UniqueNames.lowerToken("pipeline_it_outage");
        String cached = prefix + ".cached";
        String uncached = prefix + ".uncached";
        String group = UniqueNames.lowerToken("pipeline_it_outage");
        RegistryProcess registry = RegistryProcess.dedicated();
        registry.register(cached, Fixtures.schema("user.signed_up.v1.json"));
        registry.register(uncached, Fixtures.schema("user.signed_up.v1.json"));

        try (Connection nats = Infrastructure.nats().connect();
             ConfigurableApplicationContext app = PipelineApps.start(prefix, group, registry.url(),
                     "--spring.cloud.stream.nats.bindings.applySchemas-in-0.consumer.backoff=1s");
             SubjectReader valid = new SubjectReader(nats, "INLET_VALID", "inlet.valid." + prefix + ".>");
             SubjectReader errors = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + prefix + ".>")) {
            String before = PipelineApps.publish(nats, cached, EVENT, null);
            await().atMost(Duration.ofSeconds(30)).until(() -> PipelineApps.byEventId(valid.messages())
                    .containsKey(before));

            registry.stop();
            String during = PipelineApps.publish(nats, cached, EVENT, null);
            await().atMost(Duration.ofSeconds(30)).until(() -> PipelineApps.byEventId(valid.messages())
                    .containsKey(during));

            String waiting = PipelineApps.publish(nats, uncached, EVENT, null);
            await().atMost(Duration.ofSeconds(30)).until(() -> consumer(nats, group).getRedelivered() > 0);
            assertThat(PipelineApps.byEventId(valid.messages())).doesNotContainKey(waiting);
            assertThat(PipelineApps.byEventId(errors.messages())).doesNotContainKey(waiting);

            registry.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> PipelineApps.byEventId(valid.messages())
                    .containsKey(waiting));
            assertThat(errors.messages()).isEmpty();
        } finally {
            registry.stop();
        }
    }

    @Test
    void anEventThatCannotBeHandledIsDeadLetteredAfterMaxDeliverNotRetriedForever() throws Exception {
        String prefix = UniqueNames.lowerToken("pipeline_it_poison");
        String type = prefix + ".unreachable";
        String group = UniqueNames.lowerToken("pipeline_it_poison");
        RegistryProcess registry = RegistryProcess.dedicated();
        registry.stop();

        try (Connection nats = Infrastructure.nats().connect();
             ConfigurableApplicationContext app = PipelineApps.start(prefix, group, registry.url(),
                     "--spring.cloud.stream.nats.bindings.applySchemas-in-0.consumer.backoff=200ms",
                     "--spring.cloud.stream.nats.bindings.applySchemas-in-0.consumer.max-deliver=3");
             SubjectReader deadLetters = new SubjectReader(nats, "DLQ_" + group.toUpperCase(java.util.Locale.ROOT),
                     "dlq." + group)) {
            String id = PipelineApps.publish(nats, type, EVENT, null);

            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.messages().size() == 1);
            io.nats.client.Message dead = deadLetters.messages().get(0);
            assertThat(Frames.events(List.of(dead))).extracting(FramedEvent::eventId).containsExactly(id);
            assertThat(dead.getHeaders().getFirst("x-deliveries")).isEqualTo("3");
            assertThat(dead.getHeaders().getFirst("x-exception-message"))
                    .startsWith("schema of '" + type + "' (latest) is not cached and the registry did not answer");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                ConsumerInfo info = consumer(nats, group);
                assertThat(info.getNumPending()).isZero();
                assertThat(info.getNumAckPending()).isZero();
            });
        }
    }

    private static ConsumerInfo consumer(Connection nats, String group) throws Exception {
        return nats.jetStreamManagement().getConsumerInfo("INLET_EVENTS", group);
    }
}
