package io.inlet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemoizedTest {

    @Test
    void resolvesOnceForConcurrentCallers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Memoized<Object> memoized = new Memoized<>(() -> {
            calls.incrementAndGet();
            return new Object();
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Object>> callers = IntStream.range(0, 32).<Callable<Object>>mapToObj(i -> memoized::get).toList();
            List<Future<Object>> results = pool.invokeAll(callers);
            Object first = results.get(0).get();
            for (Future<Object> result : results) {
                assertThat(result.get()).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void remembersAFailureAndRepeatsItsMessage() {
        AtomicInteger calls = new AtomicInteger();
        Memoized<Object> memoized = new Memoized<>(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("No NATS");
        });

        assertThatIllegalStateException().isThrownBy(memoized::get).withMessage("No NATS");
        assertThatIllegalStateException().isThrownBy(memoized::get).withMessage("No NATS");
        assertThat(calls).hasValue(1);
    }
}
