package io.inlet.contracts.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplaysTest {

    @Test
    void everyRowOfEveryFileHasItsOwnKeyAndConsecutiveRowsMakeOneRange() {
        Set<Long> keys = new HashSet<>();
        for (long file : new long[] {1, 2, 1000}) {
            for (long row : new long[] {0, 1, 65535, 65536, 65537, Replays.MAX_ROWS - 1}) {
                assertThat(keys.add(Replays.origin("errors", file, row).key())).isTrue();
            }
        }
        Origin before = Replays.origin("errors", 7, 65535);
        Origin after = Replays.origin("errors", 7, 65536);
        assertThat(before.endKey()).isEqualTo(after.key());
        assertThat(Replays.isReplay(before)).isTrue();
        assertThat(Replays.isReplay(new Origin("INLET_RAW@1", 1, 0, true))).isFalse();
        assertThat(Replays.isReplay(null)).isFalse();
    }

    @Test
    void refusesRowsAndFilesOutsideTheKeySpace() {
        assertThatThrownBy(() -> Replays.origin("errors", 1, Replays.MAX_ROWS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Replays.origin("errors", 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void perRunOriginsDifferByReplayAndKeepTheKey() {
        Origin origin = Replays.origin("errors", 3, 9);
        assertThat(Replays.perRun(origin, "r1").stream()).isNotEqualTo(Replays.perRun(origin, "r2").stream());
        assertThat(Replays.perRun(origin, "r1").key()).isEqualTo(origin.key());
    }

    @Test
    void theMarkerTravelsAsAnAttributeThroughTheFrameCodec() {
        FramedEvent event = new FramedEvent("e-1", Instant.parse("2026-12-01T10:00:00Z"), "gateway", 2, null, null,
                null, Map.of(Replays.ATTRIBUTE, "r-42"), Replays.origin("errors", 5, 3), null, "{}".getBytes());
        EventFrame decoded = FrameCodec.decode(FrameCodec.encode(EventFrame.events(
                new io.inlet.contracts.EventType("order.created"), java.util.List.of(event))));
        assertThat(Replays.replayOf(decoded.events().get(0))).isEqualTo("r-42");
        assertThat(decoded.events().get(0).origin()).isEqualTo(event.origin());
    }
}
