package io.inlet.bench;

import io.inlet.localrunner.FreePorts;
import io.inlet.localrunner.processes.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's reference limits, measured before Inlet starts, on the same payloads: raw JetStream publish and pull,
 * the lake's Parquet writer alone, the fused reference (what this machine can do for this job at all) and a trivial
 * webmvc endpoint under the same load generator.
 */
final class ReferenceLimits {

    /** The fused reference's threads: one per core of the 2-core machine the targets are set for. */
    static final int FUSED_THREADS = 2;

    record Result(JetStreamReference.Result jetStream, ParquetReference.Result parquet, FusedReference.Result fused,
                  LoadGenerator.Result trivial) {
    }

    private ReferenceLimits() {
    }

    /** Measures each and writes the section "Reference limits" with its table. */
    static Result measure(Options options, String natsUrl, Payloads payloads, List<byte[]> events,
                          List<byte[]> bodies, ProcStats stats, String benchProcess, Path work, Path logs,
                          Report report) throws Exception {
        double meanEventBytes = events.stream().mapToInt(e -> e.length).average().orElse(0);
        report.line("## Reference limits (same run, same payloads)").line("");
        report.line("| what | result | load avg (1/5/15 min) before |").line("|---|---|---|");
        String load = Machine.loadAverage();
        Main.say("raw JetStream ...");
        stats.startPhase();
        JetStreamReference.Result js = JetStreamReference.measure(natsUrl, events, options.publishInFlight(),
                options.referenceTime());
        Map<String, ProcStats.Usage> jsUsage = stats.endPhase();
        report.line(String.format(Locale.ROOT, "| JetStream publishAsync + ack, %d in flight, file storage | %,.0f "
                        + "msg/s (%,d msgs, %.1f MB/s) | %s |", options.publishInFlight(), js.publishPerSecond(),
                js.published(), js.publishPerSecond() * meanEventBytes / 1e6, load));
        report.line(String.format(Locale.ROOT, "| JetStream pull fetch(500) + ack | %,.0f msg/s (%,d msgs) | %s |",
                js.consumePerSecond(), js.consumed(), load));

        load = Machine.loadAverage();
        Main.say("raw Parquet ...");
        ParquetReference.Result pq = ParquetReference.measure(payloads, options.parquetRows(),
                options.referenceTime(), work.resolve("parquet-ref"));
        report.line(String.format(Locale.ROOT, "| Parquet write (lake-service ParquetFileWriter, ZSTD, %d rows/file, "
                        + "one thread) | %,.0f rows/s; JSON parse to tree %,.0f rows/s; file = %.1f %% of the JSON "
                        + "bytes | %s |", options.parquetRows(), pq.writeRowsPerSecond(), pq.parseRowsPerSecond(),
                100.0 * pq.parquetBytes() / pq.jsonBytes(), load));

        load = Machine.loadAverage();
        Main.say("fused reference ...");
        FusedReference.measure(events, options.parquetRows(), FUSED_THREADS, Duration.ofSeconds(5),
                work.resolve("fused-ref"));
        stats.startPhase();
        FusedReference.Result fused = FusedReference.measure(events, options.parquetRows(), FUSED_THREADS,
                options.referenceTime(), work.resolve("fused-ref"));
        Map<String, ProcStats.Usage> fusedUsage = stats.endPhase();
        report.line(String.format(Locale.ROOT, "| fused reference: one JVM, no network, %d threads each doing id, "
                        + "parse, validate + type (pipeline-service SchemaCompiler), Parquet row (lake-service "
                        + "ParquetFileWriter, ZSTD, %d rows/file) | **%,.0f events/s** (%,d rows, %d invalid); bench "
                        + "CPU %.2f cores | %s |", FUSED_THREADS, options.parquetRows(), fused.eventsPerSecond(),
                fused.rows(), fused.invalid(), fusedUsage.get(benchProcess).cores(), load));

        load = Machine.loadAverage();
        Main.say("trivial endpoint ...");
        LoadGenerator.Result tr;
        Map<String, ProcStats.Usage> trUsage;
        try (ServiceProcess trivial = ServiceProcess.start("trivial-endpoint", List.of("-cp", Main.benchClassPath(),
                "io.inlet.bench.trivial.TrivialEndpointApp"), options.serviceJvmOpts(),
                Map.of("spring.main.banner-mode", "off"), FreePorts.find(), logs, null)) {
            trivial.awaitHealthy("/ready", Duration.ofSeconds(90));
            LoadGenerator trivialLoad = new LoadGenerator(trivial.url(), "not-checked", options.concurrency());
            trivialLoad.run(List.of("bench.t"), bodies, options.batchSize(), options.concurrency(), 0,
                    Duration.ofSeconds(5));
            stats.watch("trivial-endpoint", trivial.pid());
            stats.startPhase();
            tr = trivialLoad.run(List.of("bench.t"), bodies, options.batchSize(), options.concurrency(), 0,
                    options.referenceTime());
            trUsage = stats.endPhase();
            stats.forget("trivial-endpoint");
        }
        report.line(String.format(Locale.ROOT, "| trivial webmvc endpoint (parse JSON array, 202), same load "
                        + "generator, %d concurrent | %,.0f events/s (%,.0f req/s), p50 %.1f ms, p99 %.1f ms; endpoint "
                        + "CPU %.2f cores | %s |", options.concurrency(), tr.eventsPerSecond(),
                tr.eventsPerSecond() / options.batchSize(), tr.percentileMillis(50), tr.percentileMillis(99),
                trUsage.get("trivial-endpoint").cores(), load));
        report.line("");
        report.line(String.format(Locale.ROOT, "CPU during raw JetStream (cores): nats-server %.2f, bench %.2f, "
                        + "machine %.2f", jsUsage.getOrDefault("nats-server", new ProcStats.Usage(0, 0)).cores(),
                jsUsage.get(benchProcess).cores(), jsUsage.get("machine").cores()));
        report.line("");
        return new Result(js, pq, fused, tr);
    }
}
