package io.inlet.lake.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.frame.Origin;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginRangesTest {

    private static final String RAW = "RAW@1";

    @Test
    void consecutiveMessagesMergeIntoOneRangeHoweverManyEventsEachHolds() {
        List<Origin> origins = new ArrayList<>();
        for (long seq = 5; seq < 9; seq++) {
            int events = (int) seq - 3;
            for (int i = 0; i < events; i++) {
                origins.add(Origin.of(RAW, seq, i, events));
            }
        }
        java.util.Collections.reverse(origins);
        OriginRanges ranges = OriginRanges.of(origins);
        assertThat(ranges.rangeCount()).isEqualTo(1);
        assertThat(ranges.multirange(RAW)).isEqualTo("{[" + (5L << 16) + "," + (9L << 16) + ")}");
        assertThat(origins).allMatch(ranges::contains);
        assertThat(ranges.contains(Origin.of(RAW, 9, 0, 1))).isFalse();
        assertThat(ranges.contains(Origin.of(RAW, 4, 0, 1))).isFalse();
        assertThat(ranges.contains(Origin.of("RAW@2", 5, 0, 1))).as("another stream").isFalse();
    }

    @Test
    void aGapOrAMessageSplitAcrossFilesGivesSeparateRanges() {
        // message 3: events 0 and 2 here, event 1 elsewhere (another partition); message 5 skipped (another type)
        OriginRanges ranges = OriginRanges.of(List.of(Origin.of(RAW, 3, 0, 3), Origin.of(RAW, 3, 2, 3),
                Origin.of(RAW, 4, 0, 1), Origin.of(RAW, 6, 0, 2), Origin.of(RAW, 6, 0, 2)));
        long m3 = 3L << 16;
        assertThat(ranges.multirange(RAW)).isEqualTo("{[" + m3 + "," + (m3 + 1) + "),[" + (m3 + 2) + ","
                + (5L << 16) + "),[" + (6L << 16) + "," + ((6L << 16) + 1) + ")}");
        assertThat(ranges.contains(Origin.of(RAW, 3, 1, 3))).isFalse();
        assertThat(ranges.contains(Origin.of(RAW, 6, 1, 2))).isFalse();
        assertThat(ranges.streams()).containsExactly(RAW);
    }

    @Test
    void rangesReadBackFromTheLogAreMergedPerStream() {
        OriginRanges ranges = OriginRanges.ofRanges(List.of("b", "a", "a"), List.of(10L, 5L, 1L),
                List.of(20L, 8L, 6L));
        assertThat(ranges.multirange("a")).isEqualTo("{[1,8)}");
        assertThat(ranges.multirange("b")).isEqualTo("{[10,20)}");
        assertThat(ranges.streams()).containsExactly("a", "b");
        assertThat(OriginRanges.none().isEmpty()).isTrue();
    }
}
