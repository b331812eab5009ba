package io.inlet.lake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.frame.Origin;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventRouterTest {

    private static final EventRouter.Incoming INPUT = new EventRouter.Incoming() {
        @Override
        public String subject() {
            return "inlet.valid.t";
        }

        @Override
        public String stream() {
            return "INLET_VALID";
        }

        @Override
        public String streamIncarnation() {
            return "INLET_VALID@5";
        }

        @Override
        public long streamSequence() {
            return 42;
        }

        @Override
        public String publisherMessageId() {
            return null;
        }

        @Override
        public byte[] body() {
            return new byte[0];
        }

        @Override
        public Instant storedAt() {
            return null;
        }
    };

    @Test
    void eventsWithoutAnOriginGetTheirPlaceInTheLakesInput() {
        assertThat(EventRouter.inputOrigin(INPUT, 0, 3)).isEqualTo(new Origin("INLET_VALID@5", 42, 0, false));
        assertThat(EventRouter.inputOrigin(INPUT, 2, 3)).isEqualTo(new Origin("INLET_VALID@5", 42, 2, true));
    }

    @Test
    void aFrameOfMoreEventsThanAnOriginIndexHoldsStillGivesEachItsOwnOrigin() {
        int count = 70_000;
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Origin origin = EventRouter.inputOrigin(INPUT, i, count);
            keys.add(origin.stream() + "/" + origin.key());
        }
        assertThat(keys).hasSize(count);
        assertThat(EventRouter.inputOrigin(INPUT, 65_535, count).last()).isTrue();
        assertThat(EventRouter.inputOrigin(INPUT, 65_536, count)).isEqualTo(new Origin("INLET_VALID@5#1", 42, 0,
                false));
        assertThat(EventRouter.inputOrigin(INPUT, count - 1, count).last()).isTrue();
    }
}
