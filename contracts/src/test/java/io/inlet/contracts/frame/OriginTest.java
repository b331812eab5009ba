package io.inlet.contracts.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OriginTest {

    @Test
    void keysFollowTheStreamAndThePositionInTheMessage() {
        Origin first = Origin.of("INLET_RAW@1", 7, 0, 3);
        Origin second = Origin.of("INLET_RAW@1", 7, 1, 3);
        Origin next = Origin.of("INLET_RAW@1", 8, 0, 1);
        assertThat(first.key()).isLessThan(second.key());
        assertThat(second.key()).isLessThan(next.key());
        assertThat(first.endKey()).isEqualTo(second.key());
    }

    @Test
    void theLastEventOfAMessageReachesTheNextMessage() {
        Origin last = Origin.of("INLET_RAW@1", 7, 2, 3);
        assertThat(last.last()).isTrue();
        assertThat(last.endKey()).isEqualTo(Origin.of("INLET_RAW@1", 8, 0, 1).key());
        Origin single = Origin.of("INLET_RAW@1", 8, 0, 1);
        assertThat(single.endKey()).as("consecutive single-event messages make one range")
                .isEqualTo(Origin.of("INLET_RAW@1", 9, 0, 1).key());
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThatThrownBy(() -> new Origin("S@1", 0, 0, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Origin("S@1", 1, Origin.MAX_INDEX + 1, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Origin("", 1, 0, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Origin.of("S@1", 1, 3, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
