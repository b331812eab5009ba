package io.inlet.pipeline.it;

import io.inlet.contracts.EventType;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Origin;
import io.inlet.pipeline.PipelineApplication;
import io.inlet.testsupport.Frames;
import io.inlet.testsupport.Infrastructure;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts pipeline-service instances for a test's own event types, publishes frames as the consumer-service would,
 * and reads the frames the pipeline published.
 */
final class PipelineApps {

    static final Instant RECEIVED_AT = Instant.parse("2026-11-24T10:00:00Z");
    /** The raw stream the test's events pretend to come from: each event gets an origin of its own there. */
    static final String RAW_INCARNATION = "INLET_RAW@1700000000000";
    private static final AtomicLong RAW_SEQUENCE = new AtomicLong();

    private PipelineApps() {
    }

    static ConfigurableApplicationContext start(String prefix, String group, String registryUrl, String... extra) {
        return start(new Class<?>[0], prefix, group, registryUrl, extra);
    }

    /** With {@code sources} (test configurations) beside the application's own. */
    static ConfigurableApplicationContext start(Class<?>[] sources, String prefix, String group, String registryUrl,
            String... extra) {
        String[] args = Stream.concat(Stream.of(
                "--server.port=0",
                "--spring.cloud.stream.nats.binder.servers=" + Infrastructure.nats().url(),
                "--spring.cloud.stream.bindings.applySchemas-in-0.destination=inlet.events." + prefix + ".>",
                "--spring.cloud.stream.bindings.applySchemas-in-0.group=" + group,
                "--inlet.registry.url=" + registryUrl,
                "--inlet.registry.timeout=2s"), java.util.Arrays.stream(extra)).toArray(String[]::new);
        Class<?>[] all = Stream.concat(Stream.of(PipelineApplication.class), Stream.of(sources))
                .toArray(Class<?>[]::new);
        return new SpringApplicationBuilder(all).run(args);
    }

    /** An event as the consumer-service frames it: a new id, an origin of its own, maybe a pinned version. */
    static FramedEvent event(String body, Integer pinnedVersion) {
        return new FramedEvent(UUID.randomUUID().toString(), RECEIVED_AT, "nats", pinnedVersion, null, null, null,
                Map.of(), Origin.of(RAW_INCARNATION, RAW_SEQUENCE.incrementAndGet(), 0, 1), null,
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes one event as a frame of its own to {@code inlet.events.<type>}; returns its id. */
    static String publish(Connection nats, String type, String body, Integer pinnedVersion) {
        FramedEvent event = event(body, pinnedVersion);
        publish(nats, type, List.of(event));
        return event.eventId();
    }

    /** Publishes {@code events} as one frame to {@code inlet.events.<type>}. */
    static PublishAck publish(Connection nats, String type, List<FramedEvent> events) {
        return Frames.publish(nats, "inlet.events." + type, EventFrame.events(EventType.of(type), events), null);
    }

    /** Publishes bytes that are not a frame to {@code inlet.events.<type>}. */
    static PublishAck publishBytes(Connection nats, String type, byte[] bytes) {
        try {
            return nats.jetStream().publish("inlet.events." + type, bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every event of every events or error frame among {@code messages}, by id (an id twice fails: none is ever
     * doubled); filtered frames are {@link #filteredById}'s.
     */
    static Map<String, FramedEvent> byEventId(List<Message> messages) {
        return byEventId(messages, false);
    }

    /** Every event of every filtered frame among {@code messages}, by id (an id twice fails). */
    static Map<String, FramedEvent> filteredById(List<Message> messages) {
        return byEventId(messages, true);
    }

    private static Map<String, FramedEvent> byEventId(List<Message> messages, boolean filtered) {
        Map<String, FramedEvent> byId = new HashMap<>();
        for (EventFrame frame : Frames.frames(messages)) {
            if ((frame.kind() == EventFrame.Kind.FILTERED) != filtered) {
                continue;
            }
            for (FramedEvent event : frame.events()) {
                if (byId.put(event.eventId(), event) != null) {
                    throw new AssertionError("event " + event.eventId() + " published twice");
                }
            }
        }
        return byId;
    }

    /** The ids of every event of every frame among {@code messages}, in order, duplicates kept. */
    static List<String> eventIds(List<Message> messages) {
        List<String> ids = new ArrayList<>();
        Frames.events(messages).forEach(event -> ids.add(event.eventId()));
        return ids;
    }

    /** The frame among {@code messages} that holds the event {@code eventId}, with its message. */
    static Message messageOf(List<Message> messages, String eventId) {
        return messages.stream().filter(m -> FrameCodec.decode(m.getData()).events().stream()
                .anyMatch(e -> e.eventId().equals(eventId))).findFirst()
                .orElseThrow(() -> new AssertionError("no frame holds " + eventId));
    }

    /** The incarnation ({@code <stream>@<created ms>}) of a stream, as the binder names it. */
    static String incarnation(Connection nats, String stream) {
        try {
            return stream + "@" + nats.jetStreamManagement().getStreamInfo(stream).getCreateTime().toInstant()
                    .toEpochMilli();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
