package io.inlet.pipeline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.binder.PublishFailedException;
import io.inlet.binder.PublishScope;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.pipeline.Fixtures;
import io.inlet.pipeline.apply.FrameOutputs;
import io.inlet.testsupport.Frames;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.RegistryProcess;
import io.inlet.testsupport.SubjectReader;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The pipeline fails between its two publishes of one input frame: the valid frame is in JetStream, the errors
 * publish fails, the input is nak'ed and redelivered. In the end every event is exactly once in valid ∪ errors:
 * the republished valid frame has the same {@code Nats-Msg-Id} and JetStream drops it as a duplicate.
 */
class FailureBetweenPublishesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aFrameWhoseErrorsPublishFailsAfterItsValidFrameIsStoredIsRedeliveredAndEndsUpExactlyOnce() throws Exception {
        String prefix = UniqueNames.lowerToken("pipeline_it_between");
        String type = prefix + ".order.created";
        String group = UniqueNames.lowerToken("pipeline_it_between");
        RegistryProcess registry = RegistryProcess.get();
        registry.register(type, Fixtures.schema("order.created.v1.json"));
        List<String> valid = Fixtures.events("order.created.valid.ndjson");
        List<String> invalid = Fixtures.events("order.created.invalid.ndjson");
        List<FramedEvent> events = List.of(PipelineApps.event(valid.get(0), null),
                PipelineApps.event(invalid.get(0), null), PipelineApps.event(valid.get(1), null),
                PipelineApps.event(invalid.get(1), null));
        FailingErrorsOnce.reset(1);

        try (Connection nats = Infrastructure.nats().connect();
             ConfigurableApplicationContext app = PipelineApps.start(new Class<?>[] {FailingErrorsOnce.class},
                     prefix, group, registry.url(),
                     "--spring.cloud.stream.nats.bindings.applySchemas-in-0.consumer.backoff=200ms");
             SubjectReader validReader = new SubjectReader(nats, "INLET_VALID", "inlet.valid." + type);
             SubjectReader errorsReader = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + type)) {
            PipelineApps.publish(nats, type, events);

            await().atMost(WAIT).until(() -> FailingErrorsOnce.ERRORS_PUBLISHED.get() == 1);
            await().atMost(WAIT).untilAsserted(() -> {
                ConsumerInfo info = nats.jetStreamManagement().getConsumerInfo("INLET_EVENTS", group);
                assertThat(info.getNumPending()).isZero();
                assertThat(info.getNumAckPending()).isZero();
            });

            assertThat(FailingErrorsOnce.FAILED.get()).as("errors publishes that failed").isEqualTo(1);
            // the valid frame was stored before the failure, and dropped as a duplicate when republished
            assertThat(FailingErrorsOnce.VALID_ACKS).hasSize(2);
            assertThat(FailingErrorsOnce.VALID_ACKS.get(0).isDuplicate()).isFalse();
            assertThat(FailingErrorsOnce.VALID_ACKS.get(1).isDuplicate()).isTrue();
            assertThat(FailingErrorsOnce.VALID_ACKS.get(1).getSeqno())
                    .isEqualTo(FailingErrorsOnce.VALID_ACKS.get(0).getSeqno());
            assertThat(validReader.messages()).as("valid frames in JetStream").hasSize(1);
            assertThat(errorsReader.messages()).as("error frames in JetStream").hasSize(1);

            List<String> validIds = PipelineApps.eventIds(validReader.messages());
            List<String> errorIds = PipelineApps.eventIds(errorsReader.messages());
            assertThat(validIds).containsExactly(events.get(0).eventId(), events.get(2).eventId());
            assertThat(errorIds).containsExactly(events.get(1).eventId(), events.get(3).eventId());
            List<String> union = new ArrayList<>(validIds);
            union.addAll(errorIds);
            assertThat(union).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(events.stream().map(FramedEvent::eventId).toList());
            assertThat(Frames.events(errorsReader.messages()))
                    .allSatisfy(error -> assertThat(error.failure().stage()).isEqualTo("schema"));
        }
    }

    /**
     * Test-only: wraps the pipeline's {@link FrameOutputs} so that the next {@code n} errors publishes fail, each
     * after the valid frame published before it is confirmed by JetStream (its PubAck recorded). Not a
     * {@code @Configuration}: only the app this test starts with it as a source gets it, component scanning does not.
     */
    static class FailingErrorsOnce {

        static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
        static final AtomicInteger FAILED = new AtomicInteger();
        static final AtomicInteger ERRORS_PUBLISHED = new AtomicInteger();
        static final List<PublishAck> VALID_ACKS = new CopyOnWriteArrayList<>();

        static void reset(int failures) {
            FAILURES_LEFT.set(failures);
            FAILED.set(0);
            ERRORS_PUBLISHED.set(0);
            VALID_ACKS.clear();
        }

        @Bean
        static BeanPostProcessor failingErrorsOnce() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof FrameOutputs outputs ? wrap(outputs) : bean;
                }
            };
        }

        private static FrameOutputs wrap(FrameOutputs outputs) {
            return new FrameOutputs() {
                @Override
                public void publishValid(EventFrame frame, String idBase) {
                    outputs.publishValid(frame, idBase);
                    // on the binder's consumer thread, inside its PublishScope: wait for this frame's PubAck
                    VALID_ACKS.addAll(PublishScope.current().awaitAcks());
                }

                @Override
                public void publishErrors(EventFrame frame, String idBase) {
                    if (FAILURES_LEFT.getAndDecrement() > 0) {
                        FAILED.incrementAndGet();
                        throw new PublishFailedException("inlet.errors." + frame.eventType(),
                                "failed by the test between the valid and the errors publish", null);
                    }
                    outputs.publishErrors(frame, idBase);
                    PublishScope.current().awaitAcks();
                    ERRORS_PUBLISHED.incrementAndGet();
                }

                @Override
                public void publishFiltered(EventFrame frame, String idBase) {
                    outputs.publishFiltered(frame, idBase);
                }

                @Override
                public int maxFrameBytes() {
                    return outputs.maxFrameBytes();
                }
            };
        }
    }
}
