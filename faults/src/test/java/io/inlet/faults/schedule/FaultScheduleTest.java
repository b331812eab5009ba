package io.inlet.faults.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    private static final Duration LOAD = Duration.ofSeconds(200);

    @Test
    void sameSeedGivesSameSchedule() {
        assertThat(FaultSchedule.plan(42, 10, LOAD)).isEqualTo(FaultSchedule.plan(42, 10, LOAD));
    }

    @Test
    void anotherSeedGivesAnotherSchedule() {
        assertThat(FaultSchedule.plan(42, 10, LOAD)).isNotEqualTo(FaultSchedule.plan(43, 10, LOAD));
    }

    @Test
    void everyKindHappensAtLeastOnceAndNatsIsKilledTwice() {
        for (long seed = 0; seed < 50; seed++) {
            List<FaultKind> kinds = FaultSchedule.plan(seed, 10, LOAD).stream().map(PlannedFault::kind).toList();
            assertThat(kinds).hasSize(10).containsAll(FaultKind.singleServer())
                    .as("a cluster node kill only when asked for").doesNotContain(FaultKind.NATS_NODE_KILL);
            assertThat(kinds.stream().filter(kind -> kind == FaultKind.NATS_KILL)).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void faultsAreFifteenToTwentyFiveSecondsApartAndInsideTheLoad() {
        for (long seed = 0; seed < 50; seed++) {
            List<PlannedFault> plan = FaultSchedule.plan(seed, 10, LOAD);
            assertThat(plan.get(0).at()).isEqualTo(FaultSchedule.FIRST);
            for (int i = 1; i < plan.size(); i++) {
                Duration gap = plan.get(i).at().minus(plan.get(i - 1).at());
                assertThat(gap).isBetween(FaultSchedule.MIN_GAP, FaultSchedule.MAX_GAP);
            }
            assertThat(plan.get(plan.size() - 1).at()).isLessThanOrEqualTo(LOAD.minus(FaultSchedule.TAIL));
        }
    }

    @Test
    void aLongLoadKeepsTheDrawnGaps() {
        List<PlannedFault> plan = FaultSchedule.plan(7, 8, Duration.ofMinutes(30));
        Duration span = plan.get(plan.size() - 1).at().minus(plan.get(0).at());
        assertThat(span).isGreaterThan(FaultSchedule.MIN_GAP.multipliedBy(7));
    }

    @Test
    void aShortLoadNeverSqueezesBelowTheMinimumGap() {
        List<PlannedFault> plan = FaultSchedule.plan(7, 10, Duration.ofSeconds(60));
        for (int i = 1; i < plan.size(); i++) {
            assertThat(plan.get(i).at().minus(plan.get(i - 1).at())).isEqualTo(FaultSchedule.MIN_GAP);
        }
    }

    @Test
    void givenKindsKeepTheirOrder() {
        List<FaultKind> kinds = List.of(FaultKind.LAKE_KILL, FaultKind.NATS_KILL, FaultKind.LAKE_KILL);
        assertThat(FaultSchedule.plan(1, kinds, LOAD)).extracting(PlannedFault::kind).containsExactlyElementsOf(kinds);
        assertThat(FaultSchedule.plan(1, kinds, LOAD)).extracting(PlannedFault::number).containsExactly(1, 2, 3);
    }

    @Test
    void fewerFaultsThanKindsAreDistinct() {
        assertThat(FaultSchedule.plan(3, 5, LOAD)).extracting(PlannedFault::kind).doesNotHaveDuplicates().hasSize(5);
    }
}
