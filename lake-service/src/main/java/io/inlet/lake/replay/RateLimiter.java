package io.inlet.lake.replay;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Paces a replay: {@link #acquire} returns once {@code n} more events fit the rate since the replay (re)started. */
final class RateLimiter {

    private final double nanosPerEvent;
    private long nextFree = System.nanoTime();

    RateLimiter(int eventsPerSecond) {
        this.nanosPerEvent = TimeUnit.SECONDS.toNanos(1) / (double) eventsPerSecond;
    }

    void acquire(int events) {
        long now = System.nanoTime();
        long wait = nextFree - now;
        while (wait > 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(wait);
            wait = nextFree - System.nanoTime();
        }
        nextFree = Math.max(nextFree, now) + (long) (events * nanosPerEvent);
    }
}
