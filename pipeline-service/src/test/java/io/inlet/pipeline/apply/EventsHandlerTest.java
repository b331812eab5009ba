package io.inlet.pipeline.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inlet.binder.NatsBinderHeaders;
import io.inlet.contracts.EventType;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.MessageIds;
import io.inlet.contracts.frame.Origin;
import io.inlet.validation.CompiledSchema;
import io.inlet.validation.SchemaCompiler;
import io.inlet.validation.SchemaResolver;
import io.inlet.registryclient.RegistrySchema;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

class EventsHandlerTest {

    private static final EventType TYPE = EventType.of("shop.order");
    private static final String INCARNATION = "INLET_EVENTS@1700000000000";
    private static final CompiledSchema SCHEMA = new SchemaCompiler().compile(new RegistrySchema(3, TYPE.name(), 1,
            "JSON", "{\"type\":\"object\",\"required\":[\"n\"]}"));

    private final List<String> published = new ArrayList<>();
    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void publishesPerInputFrameOneValidAndOneErrorFrameUnderIdBasesOfTheInputAndCountsEachEvent() {
        EventsHandler handler = handler(new Recording(null));
        byte[] mixed = frame(event("a", "{\"n\":1}", 0, 3), event("b", "{}", 1, 3), event("c", "{\"n\":2}", 2, 3));

        handler.handle(batch(entry(mixed, 7), entry("garbage".getBytes(StandardCharsets.UTF_8), 8)));

        assertThat(published).containsExactly(
                "valid " + MessageIds.output("pipeline", INCARNATION, 7, "valid") + " [a, c]",
                "errors " + MessageIds.output("pipeline", INCARNATION, 7, "errors") + " [b]",
                "errors " + MessageIds.output("pipeline", INCARNATION, 8, "errors") + " [1]");
        assertThat(count("inlet.pipeline.events", "valid")).isEqualTo(2);
        assertThat(count("inlet.pipeline.events", "rejected")).isEqualTo(2);
        assertThat(count("inlet.pipeline.frames", "decoded")).isEqualTo(1);
        assertThat(count("inlet.pipeline.frames", "undecodable")).isEqualTo(1);
    }

    @Test
    void aFailedPublishPropagatesSoThatTheBinderNaksTheBatch() {
        EventsHandler handler = handler(new Recording("errors"));

        assertThatThrownBy(() -> handler.handle(batch(entry(frame(event("a", "{\"n\":1}", 0, 2),
                event("b", "{}", 1, 2)), 7)))).hasMessage("errors publish failed");
        assertThat(published).hasSize(1).allSatisfy(line -> assertThat(line).startsWith("valid "));
    }

    private EventsHandler handler(FrameOutputs outputs) {
        SchemaResolver resolver = new SchemaResolver(null, new SchemaCompiler(), 10) {
            @Override
            public Optional<CompiledSchema> resolve(EventType type, Integer pinnedVersion) {
                return Optional.of(SCHEMA);
            }
        };
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("clock",
                Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC), "meters", meters));
        return new EventsHandler(new SchemaApplier(resolver), outputs, beans.getBeanProvider(Clock.class),
                beans.getBeanProvider(MeterRegistry.class),
                beans.getBeanProvider(io.inlet.binder.tracing.FrameTracing.class));
    }

    private double count(String name, String outcome) {
        return meters.get(name).tag("outcome", outcome).counter().count();
    }

    /** Records what is published; fails the publish of {@code failing} ({@code valid}/{@code errors}). */
    private final class Recording implements FrameOutputs {

        private final String failing;

        Recording(String failing) {
            this.failing = failing;
        }

        @Override
        public void publishValid(EventFrame frame, String idBase) {
            record("valid", frame, idBase);
        }

        @Override
        public void publishErrors(EventFrame frame, String idBase) {
            record("errors", frame, idBase);
        }

        @Override
        public void publishFiltered(EventFrame frame, String idBase) {
            record("filtered", frame, idBase);
        }

        private void record(String kind, EventFrame frame, String idBase) {
            if (kind.equals(failing)) {
                throw new IllegalStateException(kind + " publish failed");
            }
            published.add(kind + " " + idBase + " " + (frame.events().get(0).eventId().length() > 8
                    ? "[" + frame.events().size() + "]"
                    : frame.events().stream().map(FramedEvent::eventId).toList().toString()));
        }

        @Override
        public int maxFrameBytes() {
            return 1024 * 1024;
        }
    }

    private static FramedEvent event(String id, String json, int index, int count) {
        return new FramedEvent(id, Instant.parse("2026-12-01T11:00:00Z"), "nats", null, null, null, null, Map.of(),
                Origin.of("INLET_RAW@5", 10, index, count), null, json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] frame(FramedEvent... events) {
        return FrameCodec.encode(EventFrame.events(TYPE, List.of(events)));
    }

    private static Object[] entry(byte[] payload, long sequence) {
        return new Object[] {payload, Map.of(NatsBinderHeaders.SUBJECT, "inlet.events." + TYPE,
                NatsBinderHeaders.STREAM, "INLET_EVENTS", NatsBinderHeaders.STREAM_SEQUENCE, sequence,
                NatsBinderHeaders.STREAM_INCARNATION, INCARNATION)};
    }

    private static Message<?> batch(Object[]... entries) {
        List<byte[]> payloads = new ArrayList<>();
        List<Object> headers = new ArrayList<>();
        for (Object[] entry : entries) {
            payloads.add((byte[]) entry[0]);
            headers.add(entry[1]);
        }
        return MessageBuilder.withPayload(payloads).setHeader(BinderHeaders.BATCH_HEADERS, headers).build();
    }
}
