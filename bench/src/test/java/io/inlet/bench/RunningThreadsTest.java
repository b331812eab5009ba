package io.inlet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunningThreadsTest {

    @TempDir
    Path dir;

    @Test
    void theStateIsTheFieldAfterTheLastParenthesis() throws Exception {
        assertThat(RunningThreads.running(stat("4242 (lake-flush-1) R 1 4242 4242 0 -1"))).isTrue();
        assertThat(RunningThreads.running(stat("4242 (lake-flush-1) S 1 4242 4242 0 -1"))).isFalse();
        // a thread name may itself hold ") R"
        assertThat(RunningThreads.running(stat("4242 (odd) R name) S 1 4242"))).isFalse();
        assertThat(RunningThreads.running(dir.resolve("gone"))).isFalse();
    }

    @Test
    void findsTheNamedThreadsOfAProcess() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread spinner = new Thread(() -> {
            while (!stop.get()) {
                Thread.onSpinWait();
            }
        }, "spin-probe-1");
        spinner.start();
        try {
            RunningThreads threads = RunningThreads.of(ProcessHandle.current().pid(), "spin-probe");
            assertThat(threads.threads()).isEqualTo(1);
            assertThat(RunningThreads.of(ProcessHandle.current().pid(), "no-such-thread").threads()).isZero();
        } finally {
            stop.set(true);
            spinner.join();
        }
    }

    @Test
    void shareOverCountsOnlyLongerLatencies() {
        Histogram micros = new Histogram(60_000_000L, 3);
        micros.recordValue(2_000);
        micros.recordValue(9_000);
        micros.recordValue(15_000);
        micros.recordValue(40_000);

        assertThat(JetStreamReference.Latency.shareOver(micros, 10)).isEqualTo(0.5);
        assertThat(JetStreamReference.Latency.shareOver(new Histogram(60_000_000L, 3), 10)).isZero();
    }

    private Path stat(String line) throws Exception {
        return Files.writeString(dir.resolve("stat-" + line.hashCode()), line + "\n");
    }
}
