package io.inlet.binder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inlet.contracts.EventType;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FramedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FramePublisherTest {

    private static final EventType TYPE = EventType.of("order.created");

    @Test
    void aFrameThatFitsIsOneMessage() {
        EventFrame frame = frame(10, 300);
        List<byte[]> encoded = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        FramePublisher.split(frame, 1 << 20, encoded, counts);
        assertThat(counts).containsExactly(10);
        assertThat(FrameCodec.decode(encoded.get(0))).isEqualTo(frame);
    }

    @Test
    void aLargeFrameIsSplitInOrderUnderTheLimitAndTheSameWayEveryTime() {
        EventFrame frame = frame(1000, 300);
        List<byte[]> encoded = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        FramePublisher.split(frame, 64 * 1024, encoded, counts);
        assertThat(encoded).hasSizeGreaterThan(4).allSatisfy(bytes -> assertThat(bytes.length).isLessThanOrEqualTo(64 * 1024));
        List<FramedEvent> back = new ArrayList<>();
        encoded.forEach(bytes -> back.addAll(FrameCodec.decode(bytes).events()));
        assertThat(back).isEqualTo(frame.events());
        assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);

        List<byte[]> again = new ArrayList<>();
        FramePublisher.split(frame, 64 * 1024, again, new ArrayList<>());
        assertThat(again).hasSameSizeAs(encoded);
        for (int i = 0; i < again.size(); i++) {
            assertThat(again.get(i)).isEqualTo(encoded.get(i));
        }
    }

    @Test
    void anEventTooLargeForAnyMessageIsRefused() {
        EventFrame frame = frame(1, 70 * 1024);
        assertThatThrownBy(() -> FramePublisher.split(frame, 64 * 1024, new ArrayList<>(), new ArrayList<>()))
                .isInstanceOf(FrameTooLargeException.class).hasMessageContaining("evt-0");
    }

    private static EventFrame frame(int events, int payloadBytes) {
        List<FramedEvent> list = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            byte[] payload = ("{\"n\":\"" + "x".repeat(payloadBytes) + "\"}").getBytes();
            list.add(new FramedEvent("evt-" + i, Instant.EPOCH.plusMillis(i), "gateway", null, null, "key", "req",
                    Map.of(), null, null, payload));
        }
        return EventFrame.events(TYPE, list);
    }
}
