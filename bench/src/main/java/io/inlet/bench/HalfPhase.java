package io.inlet.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The half phase: load at half the maximal phase's rate on a fixed schedule, for the gateway's tail, with the broker
 * measured beside it — a probe publisher of the raw hop's mean frame size while the stages work, each message classed
 * by whether one of the lake's flushes was running, and the same publisher once more after the phase with the
 * services idle (the broker alone at that pace).
 */
final class HalfPhase {

    /**
     * @param rate           the events per second scheduled
     * @param load           the load generator's result
     * @param rows           the lake's rows once the phase's last event is in
     * @param endToEnd       events per second from the first POST to the last row committed
     * @param gatewayTimers  the gateway's own timers right after the load
     * @param probe          the broker's PubAcks beside the gateway during the phase
     * @param idleBroker     the broker's PubAcks at the same pace after the phase, the services idle
     * @param lakeFlushThreads the lake's flush threads the probe's messages were classed by
     * @param usage          CPU and RSS per process over the phase and its drain
     * @param threadShares   GC and JIT shares of each service's CPU over the phase
     */
    record Result(int rate, LoadGenerator.Result load, LakeRows rows, double endToEnd, String gatewayTimers,
                  JetStreamReference.Latency probe, JetStreamReference.Latency idleBroker, int lakeFlushThreads,
                  Map<String, ProcStats.Usage> usage, Map<String, Map<String, Double>> threadShares,
                  String loadBefore) {

        /** The phase's row of the "Inlet end to end" table. */
        String tableRow(Options options) {
            return String.format(Locale.ROOT, "| half rate (%,d events/s scheduled), %d s | gateway accepted %,.0f "
                            + "events/s (statuses %s); end to end %,.0f events/s; gateway ack (from scheduled send) "
                            + "p50 %.1f / p99 %.1f / p99.9 %.1f / max %.1f ms | %s |", rate,
                    options.halfDuration().toSeconds(), load.eventsPerSecond(), load.statuses(), endToEnd,
                    load.percentileMillis(50), load.percentileMillis(99), load.percentileMillis(99.9),
                    load.latencyMicros().getMaxValue() / 1000.0, loadBefore);
        }

        /** The lines on the gateway's own timers and on the broker beside it and alone. */
        void describeBroker(Report report) {
            report.line("Gateway's own timers at the end of the half phase (last ~30 s): " + gatewayTimers);
            report.line(String.format(Locale.ROOT, "Raw JetStream PubAck latency at the half phase's pace, after it "
                            + "(services idle): %,.0f messages/s of %,d bytes (the raw hop's mean frame), %,d "
                            + "published, from when each was due: p50 %.1f / p99 %.1f / p99.9 %.1f / max %.1f ms",
                    idleBroker.ratePerSecond(), idleBroker.messageBytes(), idleBroker.published(),
                    idleBroker.percentileMillis(50), idleBroker.percentileMillis(99),
                    idleBroker.percentileMillis(99.9), idleBroker.percentileMillis(100)));
            report.line(String.format(Locale.ROOT, "Raw JetStream PubAck latency during the half phase, beside the "
                            + "gateway (a probe publisher in the bench process, %,.0f messages/s of %,d bytes to a "
                            + "stream of its own, %,d published): p50 %.1f / p99 %.1f / p99.9 %.1f / max %.1f ms",
                    probe.ratePerSecond(), probe.messageBytes(), probe.published(), probe.percentileMillis(50),
                    probe.percentileMillis(99), probe.percentileMillis(99.9), probe.percentileMillis(100)));
            report.line(String.format(Locale.ROOT, "Of the probe's messages, sent while one of the lake's %d flush "
                            + "threads was running: %,d (%.0f %% over 10 ms, p99 %.1f ms); sent otherwise: %,d (%.0f "
                            + "%% over 10 ms, p99 %.1f ms)", lakeFlushThreads, probe.whileBusy().getTotalCount(),
                    100 * JetStreamReference.Latency.shareOver(probe.whileBusy(), 10),
                    probe.whileBusy().getValueAtPercentile(99) / 1000.0, probe.otherwise().getTotalCount(),
                    100 * JetStreamReference.Latency.shareOver(probe.otherwise(), 10),
                    probe.otherwise().getValueAtPercentile(99) / 1000.0));
        }
    }

    /** Where the phase runs: the stack's addresses and processes. */
    record Stack(String natsUrl, String gateway, String lake, String adminToken, long lakePid,
                 List<String> modules) {
    }

    private HalfPhase() {
    }

    /**
     * Runs the phase at {@code rate} events per second.
     *
     * @param frameBytes the raw hop's mean message size in the maximal phase: the probes publish messages of it
     */
    static Result run(Options options, Stack stack, LoadGenerator generator, List<String> types, List<byte[]> bodies,
                      int rate, int frameBytes, ProcStats stats) throws Exception {
        double requestRate = Math.max(1.0, (double) rate / options.batchSize());
        double probeRate = Math.max(20.0, requestRate / 10);
        // the lake's flushes (Parquet + upload + commit) are the stages' largest bursts
        RunningThreads lakeFlushes = RunningThreads.of(stack.lakePid(), "lake-flush");
        CompletableFuture<JetStreamReference.Latency> probe = CompletableFuture.supplyAsync(() -> {
            try {
                return JetStreamReference.ackLatency(stack.natsUrl(), "probe", frameBytes, probeRate,
                        options.halfDuration(), lakeFlushes);
            } catch (Exception e) {
                throw new IllegalStateException("the PubAck probe during the half phase failed", e);
            }
        });
        Main.say("half rate (" + rate + " events/s) " + options.halfDuration().toSeconds() + " s ...");
        String loadBefore = Machine.loadAverage();
        stats.startPhase();
        LoadGenerator.Result load = generator.run(types, bodies, options.batchSize(), options.concurrency(), rate,
                options.halfDuration());
        JetStreamReference.Latency probeAcks = probe.get(2, TimeUnit.MINUTES);
        String gatewayTimers = GatewayTimers.read(stack.gateway());
        LakeRows rows = LakeRows.await(stack.lake(), stack.adminToken(), types, load.acceptedEvents(),
                Duration.ofSeconds(240));
        Map<String, ProcStats.Usage> usage = stats.endPhase();
        Map<String, Map<String, Double>> shares = stats.threadGroupShares(stack.modules());
        double endToEnd = load.acceptedEvents() / ((rows.reachedNanos() - load.firstPostNanos()) / 1e9);
        Main.say("raw JetStream PubAck latency at the half phase's pace ...");
        JetStreamReference.Latency idle = JetStreamReference.ackLatency(stack.natsUrl(), "latency", frameBytes,
                requestRate, options.referenceTime());
        return new Result(rate, load, rows, endToEnd, gatewayTimers, probeAcks, idle, lakeFlushes.threads(), usage,
                shares, loadBefore);
    }
}
