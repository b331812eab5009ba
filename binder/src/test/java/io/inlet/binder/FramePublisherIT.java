package io.inlet.binder;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.EventType;
import io.inlet.contracts.Subjects;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.testsupport.NatsServerProcess;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Frames as the stages publish them, through a real binding: compressed (format version 3) unless the binding says
 * {@code frame-compression: none}. On a private nats-server, since the bindings publish to Inlet's own subject
 * families ({@code inlet.valid.*}, {@code inlet.errors.*}), which streams of other tests on a shared server may cover.
 */
class FramePublisherIT {

    private static NatsServerProcess server;

    @BeforeAll
    static void startServer() {
        server = NatsServerProcess.start(Path.of("target", "frame-publisher-it", UniqueNames.lowerToken("run")));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void framesGoOutCompressedUnlessTheirBindingSaysNone() throws Exception {
        EventType type = EventType.of("page.viewed");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.cloud.stream.nats.binder.servers", server.url());
        properties.put("spring.cloud.stream.output-bindings", "zipped;plain");
        properties.put("spring.cloud.stream.bindings.zipped.destination", Subjects.VALID.all());
        properties.put("spring.cloud.stream.bindings.plain.destination", Subjects.ERRORS.all());
        properties.put("spring.cloud.stream.nats.bindings.zipped.producer.stream.name", Subjects.VALID.streamName());
        properties.put("spring.cloud.stream.nats.bindings.zipped.producer.stream.subjects", Subjects.VALID.all());
        properties.put("spring.cloud.stream.nats.bindings.plain.producer.stream.name", Subjects.ERRORS.streamName());
        properties.put("spring.cloud.stream.nats.bindings.plain.producer.stream.subjects", Subjects.ERRORS.all());
        // The deployment-wide default says none; the zipped binding's own setting says zstd.
        properties.put("spring.cloud.stream.nats.default.producer.frame-compression", "none");
        properties.put("spring.cloud.stream.nats.bindings.zipped.producer.frame-compression", "zstd");
        List<FramedEvent> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            events.add(new FramedEvent("evt-" + i, Instant.parse("2026-12-04T10:00:00Z").plusMillis(i), "gateway",
                    null, null, "key-1", "req-1", Map.of(), null, null, ("{\"user_id\":\"u-" + (10_000 + i % 7)
                    + "\",\"url\":\"https://shop.example.com/p/" + i + "?utm_source=newsletter\"}")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        EventFrame frame = EventFrame.events(type, events);
        byte[] plainFrame = FrameCodec.encode(frame);

        try (ConfigurableApplicationContext app = BinderTestApp.start(properties);
             Connection nats = Nats.connect(server.url())) {
            NatsOutputs outputs = app.getBean(NatsOutputs.class);
            List<FramePublisher.Part> zipped = outputs.frames("zipped").publish(Subjects.VALID, frame, "zipped");
            List<FramePublisher.Part> plain = outputs.frames("plain").publish(Subjects.ERRORS, frame, "plain");

            JetStreamManagement jsm = nats.jetStreamManagement();
            MessageInfo compressed = jsm.getLastMessage(Subjects.VALID.streamName(), Subjects.VALID.of(type));
            assertThat(compressed.getData()[2]).isEqualTo((byte) FrameCodec.FORMAT_VERSION);
            assertThat(compressed.getData().length).isEqualTo(zipped.get(0).bytes())
                    .isLessThan(plainFrame.length / 3);
            assertThat(compressed.getHeaders().getFirst("contentType"))
                    .isEqualTo("application/vnd.inlet.frame;v=3");
            assertThat(FrameCodec.decode(compressed.getData())).isEqualTo(frame);

            MessageInfo asIs = jsm.getLastMessage(Subjects.ERRORS.streamName(), Subjects.ERRORS.of(type));
            assertThat(asIs.getData()).isEqualTo(plainFrame);
            assertThat(plain.get(0).bytes()).isEqualTo(plainFrame.length);
            assertThat(asIs.getHeaders().getFirst("contentType")).isEqualTo("application/vnd.inlet.frame;v=2");
        }
    }
}
