package io.inlet.faults.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FaultMetricsTest {

    // a fault from 10,000 to 20,000 ms
    private static final long START = 10_000;
    private static final long END = 20_000;

    @Test
    void timeToRecoverIsTheFirstArrivalOfAnEventAcceptedAfterTheEnd() {
        Deliveries deliveries = new Deliveries(
                new long[] {21_000, 22_000, 25_000},
                new long[] {27_000, 24_500, 26_000});
        assertThat(FaultMetrics.of(START, END, deliveries).timeToRecover()).isEqualTo(4_500);
    }

    @Test
    void backlogDrainedIsTheLastArrivalOfEventsAcceptedBeforeTheEnd() {
        Deliveries deliveries = new Deliveries(
                new long[] {1_000, 9_000, 15_000, 30_000},
                new long[] {3_000, 41_000, 33_000, 90_000});
        FaultMetrics metrics = FaultMetrics.of(START, END, deliveries);
        assertThat(metrics.backlogDrained()).isEqualTo(21_000);
    }

    @Test
    void aBacklogThatLandedBeforeTheEndCountsAsZero() {
        Deliveries deliveries = new Deliveries(new long[] {1_000}, new long[] {3_000});
        assertThat(FaultMetrics.of(START, END, deliveries).backlogDrained()).isZero();
    }

    @Test
    void latestBeforeLooksOnlyAtTheTwoSecondsBeforeTheFault() {
        Deliveries deliveries = new Deliveries(
                new long[] {7_900, 8_000, 9_500, 10_000},
                new long[] {99_000, 12_000, 50_000, 99_000});
        FaultMetrics metrics = FaultMetrics.of(START, END, deliveries);
        assertThat(metrics.latestBefore()).isEqualTo(40_500);
        assertThat(metrics.eventsBefore()).isEqualTo(2);
        assertThat(metrics.missingBefore()).isZero();
    }

    @Test
    void missingEventsAreCountedNotMeasured() {
        Deliveries deliveries = new Deliveries(new long[] {9_000, 9_100, 21_000}, new long[] {0, 12_000, 0});
        FaultMetrics metrics = FaultMetrics.of(START, END, deliveries);
        assertThat(metrics.missingBefore()).isEqualTo(1);
        assertThat(metrics.latestBefore()).isEqualTo(2_900);
        assertThat(metrics.timeToRecover()).isNull();
        assertThat(metrics.backlogDrained()).isZero();
    }

    @Test
    void nothingToMeasureGivesNulls() {
        FaultMetrics metrics = FaultMetrics.of(START, END, new Deliveries(new long[0], new long[0]));
        assertThat(metrics.timeToRecover()).isNull();
        assertThat(metrics.backlogDrained()).isNull();
        assertThat(metrics.latestBefore()).isNull();
        assertThat(metrics.eventsBefore()).isZero();
    }
}
