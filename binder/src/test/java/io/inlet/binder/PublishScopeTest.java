package io.inlet.binder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.api.PublishAck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PublishScopeTest {

    @Test
    void awaitsEveryPendingAckAndReportsTheFirstFailure() {
        try (PublishScope scope = PublishScope.open(10)) {
            CompletableFuture<PublishAck> failed = new CompletableFuture<>();
            failed.completeExceptionally(new IllegalStateException("503 No Responders"));
            scope.track("a.b", failed, Duration.ofSeconds(1));

            assertThatThrownBy(scope::awaitAcks)
                    .isInstanceOf(PublishFailedException.class)
                    .hasMessage("Publish to 'a.b' was not acknowledged by JetStream: 503 No Responders");
        }
    }

    @Test
    void anAckThatDoesNotComeInTimeIsAFailure() {
        try (PublishScope scope = PublishScope.open(10)) {
            scope.track("slow", new CompletableFuture<>(), Duration.ofMillis(20));

            assertThatThrownBy(scope::awaitAcks).hasMessageContaining("no PubAck in time");
        }
    }

    @Test
    void aFailureWithoutAMessageIsReportedByItsType() {
        try (PublishScope scope = PublishScope.open(10)) {
            CompletableFuture<PublishAck> failed = new CompletableFuture<>();
            failed.completeExceptionally(new java.io.IOException());
            scope.track("a.b", failed, Duration.ofSeconds(1));

            assertThatThrownBy(scope::awaitAcks)
                    .hasMessage("Publish to 'a.b' was not acknowledged by JetStream: IOException");
        }
    }

    @Test
    void aCancelledPublishIsAFailureToo() {
        try (PublishScope scope = PublishScope.open(10)) {
            CompletableFuture<PublishAck> cancelled = new CompletableFuture<>();
            cancelled.cancel(true);
            scope.track("a.b", cancelled, Duration.ofSeconds(1));

            assertThatThrownBy(scope::awaitAcks).isInstanceOf(PublishFailedException.class)
                    .hasMessageContaining("cancelled");
        }
    }

    @Test
    void boundsTheAcksInFlightByWaitingForTheOldest() {
        try (PublishScope scope = PublishScope.open(2)) {
            CompletableFuture<PublishAck> stuck = new CompletableFuture<>();
            scope.track("s", CompletableFuture.completedFuture(null), Duration.ofSeconds(1));
            scope.track("s", CompletableFuture.completedFuture(null), Duration.ofSeconds(1));
            scope.track("s", stuck, Duration.ofSeconds(1));

            assertThat(scope.inFlight()).isEqualTo(2);
        }
    }

    @Test
    void scopesNestAndTheEnclosingOneIsRestored() {
        assertThat(PublishScope.current()).isNull();
        try (PublishScope outer = PublishScope.open(5)) {
            try (PublishScope inner = PublishScope.open(5)) {
                assertThat(PublishScope.current()).isSameAs(inner);
            }
            assertThat(PublishScope.current()).isSameAs(outer);
        }
        assertThat(PublishScope.current()).isNull();
    }
}
