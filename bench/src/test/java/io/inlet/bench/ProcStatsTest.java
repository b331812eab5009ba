package io.inlet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void schedDeltaCountsNewThreadsFromZeroAndIgnoresEndedOnes() {
        Map<String, long[]> start = Map.of("1", new long[] {100, 10, 5}, "2", new long[] {50, 50, 2});
        Map<String, long[]> end = Map.of("1", new long[] {300, 40, 9}, "3", new long[] {20, 5, 1});

        assertThat(ProcStats.schedDelta(start, end)).containsExactly(220, 35, 5);
    }

    @Test
    void readsTheSchedulerCountersOfEveryThreadOfAProcess() {
        Map<String, long[]> threads = ProcStats.threadSchedStats(ProcessHandle.current().pid());

        assertThat(threads).hasSizeGreaterThan(1);
        assertThat(threads.values()).anySatisfy(fields -> {
            assertThat(fields[0]).as("ns on a core").isPositive();
            assertThat(fields[2]).as("time slices").isPositive();
        });
    }
}
