package io.inlet.binder.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StallDetectorTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final StallDetector detector = new StallDetector(Duration.ofSeconds(10), Duration.ofSeconds(5), now::get);

    @Test
    void aConsumerIsCheckedOnlyOnceFetchesWereEmptyForTheStallTimeout() {
        advance(Duration.ofMillis(9_999));
        assertThat(detector.checkDue()).isFalse();

        advance(Duration.ofMillis(1));
        assertThat(detector.checkDue()).isTrue();
    }

    @Test
    void afterACheckTheNextOneWaitsForTheCheckIntervalAndOnlyOneCallerIsToldToCheck() {
        advance(Duration.ofSeconds(10));
        assertThat(detector.checkDue()).isTrue();
        assertThat(detector.checkDue()).as("a second loop asking at the same time").isFalse();

        advance(Duration.ofMillis(4_999));
        assertThat(detector.checkDue()).isFalse();
        advance(Duration.ofMillis(1));
        assertThat(detector.checkDue()).isTrue();
    }

    @Test
    void aDeliveryStartsTheQuietPeriodAgain() {
        advance(Duration.ofSeconds(8));
        detector.active();
        advance(Duration.ofSeconds(8));

        assertThat(detector.checkDue()).isFalse();
        assertThat(detector.quietFor()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void resubscribingMovesTheGenerationAndRestartsTheQuietPeriod() {
        advance(Duration.ofSeconds(10));
        long before = detector.generation();

        detector.resubscribeAll();

        assertThat(detector.generation()).isEqualTo(before + 1);
        assertThat(detector.checkDue()).isFalse();
    }

    @Test
    void aZeroStallTimeoutNeverChecks() {
        StallDetector off = new StallDetector(Duration.ZERO, Duration.ofSeconds(5), now::get);
        advance(Duration.ofHours(1));

        assertThat(off.checkDue()).isFalse();
    }

    @Test
    void messagesWaitForDeliveryWhenSomeArePendingAndTheConsumerHasRoomForMoreUnacknowledged() {
        assertThat(StallDetector.messagesWaiting(52_211, 0, 10_000)).isTrue();
        assertThat(StallDetector.messagesWaiting(52_211, 9_999, 10_000)).isTrue();
        assertThat(StallDetector.messagesWaiting(52_211, 10_000, 10_000)).as("waiting for acks, not stalled").isFalse();
        assertThat(StallDetector.messagesWaiting(0, 0, 10_000)).as("idle").isFalse();
        assertThat(StallDetector.messagesWaiting(5, 1_000_000, -1)).as("no max-ack-pending").isTrue();
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
