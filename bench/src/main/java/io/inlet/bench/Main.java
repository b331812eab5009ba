package io.inlet.bench;

import io.inlet.bench.s3.S3ProxyApp;
import io.inlet.localrunner.FreePorts;
import io.inlet.localrunner.GatewayAdmin;
import io.inlet.localrunner.InletService;
import io.inlet.localrunner.NatsServer;
import io.inlet.localrunner.S3Endpoint;
import io.inlet.localrunner.processes.LocalDatabase;
import io.inlet.localrunner.processes.SchemaRegistration;
import io.inlet.localrunner.processes.ServiceProcess;
import io.inlet.localrunner.processes.ServiceStack;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -cp 'bench/target/classes:bench/target/lib/*' io.inlet.bench.Main [--name=value ...]}: measures, in one
 * run on this machine, the reference limits (raw JetStream, raw Parquet, a trivial webmvc endpoint) and then Inlet
 * end to end (gateway → consumer → pipeline → lake → S3), each service its own JVM process so that CPU and RSS
 * are per service. Writes {@code <work-dir>/results.md}. See BENCHMARKS.md.
 */
public final class Main {

    /** The fused reference's threads: one per core of the 2-core machine the targets are set for. */
    private static final int FUSED_THREADS = 2;

    /** The load generator, the references' clients and the probe; the lakes' S3 runs in a process of its own. */
    private static final String BENCH_PROCESS = "bench (load generator)";

    private final Options options;
    private final StringBuilder report = new StringBuilder();
    private final List<AutoCloseable> started = new ArrayList<>();
    private final ProcStats stats = new ProcStats();
    private ServiceProcess s3Process;

    private Main(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(Options.parse(args));
        Runtime.getRuntime().addShutdownHook(new Thread(main::stopAll, "bench-stop"));
        int status = 0;
        try {
            main.run();
        } catch (Exception | Error e) {
            // S3Proxy's and jnats' threads are not daemons: without the exit a failed run would stay alive
            e.printStackTrace();
            status = 1;
        } finally {
            main.stopAll();
        }
        System.exit(status);
    }

    private void run() throws Exception {
        Path work = options.workDir().resolve(Instant.now().toString().replace(':', '-'));
        Files.createDirectories(work);
        Path logs = work.resolve("logs");
        line("# Inlet benchmark run " + Instant.now());
        line("");
        line("machine: " + Machine.describe() + "; load average at start: " + Machine.loadAverage());
        line("options: " + options);
        line("");
        stats.watch(BENCH_PROCESS, ProcessHandle.current().pid());

        NatsServer nats = keep(NatsServer.start(NatsServer.findBinary(System.getenv()).orElseThrow(
                () -> new IllegalStateException("nats-server not found (apt-get install nats-server)")),
                work.resolve("nats"), logs.resolve("nats-server.log")));
        ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("nats-server"))
                .forEach(p -> stats.watch("nats-server", p.pid()));
        say("private nats-server at " + nats.url());

        Payloads payloads = new Payloads(options.eventSize(), options.payload(), 42);
        List<byte[]> events = payloads.events(10_000);
        double meanEventBytes = events.stream().mapToInt(e -> e.length).average().orElse(0);
        line(String.format(Locale.ROOT, "events: page.viewed shape, mean %.0f bytes of JSON, %d per request",
                meanEventBytes, options.batchSize()));
        line("");

        // 1. Reference limits
        line("## Reference limits (same run, same payloads)");
        line("");
        line("| what | result | load avg (1/5/15 min) before |");
        line("|---|---|---|");
        String load = Machine.loadAverage();
        say("raw JetStream ...");
        stats.startPhase();
        JetStreamReference.Result js = JetStreamReference.measure(nats.url(), events, options.publishInFlight(),
                options.referenceTime());
        Map<String, ProcStats.Usage> jsUsage = stats.endPhase();
        line(String.format(Locale.ROOT, "| JetStream publishAsync + ack, %d in flight, file storage | %,.0f msg/s "
                        + "(%,d msgs, %.1f MB/s) | %s |", options.publishInFlight(), js.publishPerSecond(), js.published(),
                js.publishPerSecond() * meanEventBytes / 1e6, load));
        line(String.format(Locale.ROOT, "| JetStream pull fetch(500) + ack | %,.0f msg/s (%,d msgs) | %s |",
                js.consumePerSecond(), js.consumed(), load));

        load = Machine.loadAverage();
        say("raw Parquet ...");
        ParquetReference.Result pq = ParquetReference.measure(payloads, options.parquetRows(),
                options.referenceTime(), work.resolve("parquet-ref"));
        line(String.format(Locale.ROOT, "| Parquet write (lake-service ParquetFileWriter, ZSTD, %d rows/file, one "
                        + "thread) | %,.0f rows/s; JSON parse to tree %,.0f rows/s; file = %.1f %% of the JSON bytes | %s |",
                options.parquetRows(), pq.writeRowsPerSecond(), pq.parseRowsPerSecond(),
                100.0 * pq.parquetBytes() / pq.jsonBytes(), load));

        load = Machine.loadAverage();
        say("fused reference ...");
        FusedReference.measure(events, options.parquetRows(), FUSED_THREADS, Duration.ofSeconds(5),
                work.resolve("fused-ref"));
        stats.startPhase();
        FusedReference.Result fused = FusedReference.measure(events, options.parquetRows(), FUSED_THREADS,
                options.referenceTime(), work.resolve("fused-ref"));
        Map<String, ProcStats.Usage> fusedUsage = stats.endPhase();
        line(String.format(Locale.ROOT, "| fused reference: one JVM, no network, %d threads each doing id, parse, "
                        + "validate + type (pipeline-service SchemaCompiler), Parquet row (lake-service "
                        + "ParquetFileWriter, ZSTD, %d rows/file) | **%,.0f events/s** (%,d rows, %d invalid); bench "
                        + "CPU %.2f cores | %s |", FUSED_THREADS, options.parquetRows(), fused.eventsPerSecond(),
                fused.rows(), fused.invalid(), fusedUsage.get(BENCH_PROCESS).cores(), load));

        load = Machine.loadAverage();
        say("trivial endpoint ...");
        int trivialPort = FreePorts.find();
        ServiceProcess trivial = keep(ServiceProcess.start("trivial-endpoint", List.of("-cp", benchClassPath(),
                "io.inlet.bench.trivial.TrivialEndpointApp"), options.serviceJvmOpts(),
                Map.of("spring.main.banner-mode", "off"), trivialPort, logs, null));
        trivial.awaitHealthy("/ready", Duration.ofSeconds(90));
        List<byte[]> bodies = bodies(payloads);
        LoadGenerator trivialLoad = new LoadGenerator(trivial.url(), "not-checked", options.concurrency());
        trivialLoad.run(List.of("bench.t"), bodies, options.batchSize(), options.concurrency(), 0,
                Duration.ofSeconds(5));
        stats.watch("trivial-endpoint", trivial.pid());
        stats.startPhase();
        LoadGenerator.Result tr = trivialLoad.run(List.of("bench.t"), bodies, options.batchSize(),
                options.concurrency(), 0, options.referenceTime());
        Map<String, ProcStats.Usage> trUsage = stats.endPhase();
        line(String.format(Locale.ROOT, "| trivial webmvc endpoint (parse JSON array, 202), same load generator, %d "
                        + "concurrent | %,.0f events/s (%,.0f req/s), p50 %.1f ms, p99 %.1f ms; endpoint CPU %.2f cores | %s |",
                options.concurrency(), tr.eventsPerSecond(), tr.eventsPerSecond() / options.batchSize(),
                tr.percentileMillis(50), tr.percentileMillis(99), trUsage.get("trivial-endpoint").cores(), load));
        stats.forget("trivial-endpoint");
        trivial.close();
        line("");
        line(String.format(Locale.ROOT, "CPU during raw JetStream (cores): nats-server %.2f, bench %.2f, machine %.2f",
                jsUsage.getOrDefault("nats-server", new ProcStats.Usage(0, 0)).cores(),
                jsUsage.get(BENCH_PROCESS).cores(), jsUsage.get("machine").cores()));
        line("");
        flush(work);

        // 2. Inlet
        say("starting the five services ...");
        String token = "bench-admin-" + Long.toHexString(System.nanoTime());
        S3Endpoint s3 = keep(startS3Proxy(work.resolve("lake"), logs));
        stats.watch("s3proxy (the lakes' S3)", s3Process.pid());
        String database = "inlet_bench_" + Long.toHexString(System.currentTimeMillis());
        LocalDatabase.create(database);
        Map<InletService, ServiceProcess> services = keep(startServices(nats.url(), s3, database, token, work))
                .byService();
        Path jfrDirectory = work.resolve("jfr");
        Files.createDirectories(jfrDirectory);
        services.forEach((service, process) -> stats.watch(service.module(), process.pid()));
        postmasterPid(database).ifPresent(pid -> stats.watchTree("postgresql (all backends)", pid));
        String gateway = services.get(InletService.GATEWAY).url();
        String registry = services.get(InletService.SCHEMA_REGISTRY).url();
        String lake = services.get(InletService.LAKE).url();

        List<String> warmTypes = List.of("bench.warmup");
        List<String> maxTypes = types("bench.max");
        List<String> halfTypes = types("bench.half");
        for (String type : concat(warmTypes, maxTypes, halfTypes)) {
            SchemaRegistration.register(registry, token, type, Payloads.SCHEMA);
        }
        String apiKey = GatewayAdmin.createApiKey(gateway, token, "bench", ">");
        LoadGenerator load1 = new LoadGenerator(gateway, apiKey, options.concurrency());

        say("warm-up " + options.warmup().toSeconds() + " s ...");
        Warmup warmup = Warmup.run(options, load1, warmTypes, bodies, services.keySet(), stats, Main::say);
        LakeRows.await(lake, token, warmTypes, warmup.events(), Duration.ofSeconds(240));

        if (options.jfr()) {
            services.values().forEach(process -> jcmd(process.pid(), "JFR.start", "name=bench", "settings=profile"));
        }
        Map<String, StreamHops.State> streamsBefore = StreamHops.snapshot(nats.url());
        say("maximal rate " + options.duration().toSeconds() + " s ...");
        String maxLoad = Machine.loadAverage();
        stats.startPhase();
        LoadGenerator.Result max = load1.run(maxTypes, bodies, options.batchSize(), options.concurrency(),
                options.rate(), options.duration());
        Map<String, ProcStats.Usage> gatewayPhaseUsage = stats.endPhase();
        stats.startPhase();
        LakeRows maxRows = LakeRows.await(lake, token, maxTypes, max.acceptedEvents(), Duration.ofSeconds(240));
        Map<String, ProcStats.Usage> drainUsage = stats.endPhase();
        List<StreamHops.Hop> hops = StreamHops.between(streamsBefore, StreamHops.snapshot(nats.url()));
        Map<String, Map<String, Double>> drainThreadShares = threadShares(services);
        if (options.jfr()) {
            services.values().forEach(process -> jcmd(process.pid(), "JFR.stop", "name=bench",
                    "filename=" + jfrDirectory.resolve(process.name() + ".jfr")));
        }
        double e2eMax = max.acceptedEvents() / ((maxRows.reachedNanos() - max.firstPostNanos()) / 1e9);

        int halfRate = (int) Math.max(options.batchSize(), 0.5 * Math.min(e2eMax, max.eventsPerSecond()));
        // the broker seen beside the gateway, while the stages work: a probe publisher of the raw hop's mean frame
        // size at a tenth of the half phase's request rate, to a stream of its own
        int frameBytes = hops.stream().filter(hop -> hop.stream().equals("INLET_RAW") && hop.bytes() != null
                && hop.messages() > 0).map(hop -> (int) (hop.bytes() / hop.messages())).findFirst()
                .orElse(options.batchSize() * options.eventSize());
        double halfRequestRate = Math.max(1.0, (double) halfRate / options.batchSize());
        double probeRate = Math.max(20.0, halfRequestRate / 10);
        // each probe message is also classed by whether a lake flush (Parquet + upload + commit) was running when it
        // was sent: the lake's flushes are the stages' largest bursts
        RunningThreads lakeFlushes = RunningThreads.of(services.get(InletService.LAKE).pid(), "lake-flush");
        CompletableFuture<JetStreamReference.Latency> probe = CompletableFuture.supplyAsync(() -> {
            try {
                return JetStreamReference.ackLatency(nats.url(), "probe", frameBytes, probeRate,
                        options.halfDuration(), lakeFlushes);
            } catch (Exception e) {
                throw new IllegalStateException("the PubAck probe during the half phase failed", e);
            }
        });
        say("half rate (" + halfRate + " events/s) " + options.halfDuration().toSeconds() + " s ...");
        String halfLoad = Machine.loadAverage();
        stats.startPhase();
        LoadGenerator.Result half = load1.run(halfTypes, bodies, options.batchSize(), options.concurrency(), halfRate,
                options.halfDuration());
        JetStreamReference.Latency probeAcks = probe.get(2, TimeUnit.MINUTES);
        String gatewayTimers = GatewayTimers.read(services.get(InletService.GATEWAY).url());
        LakeRows halfRows = LakeRows.await(lake, token, halfTypes, half.acceptedEvents(), Duration.ofSeconds(240));
        Map<String, ProcStats.Usage> halfUsage = stats.endPhase();
        Map<String, Map<String, Double>> halfThreadShares = threadShares(services);
        double e2eHalf = half.acceptedEvents() / ((halfRows.reachedNanos() - half.firstPostNanos()) / 1e9);
        // the broker alone at the same pace and message size: what the gateway's PubAck wait is to be read against
        say("raw JetStream PubAck latency at the half phase's pace ...");
        JetStreamReference.Latency halfAcks = JetStreamReference.ackLatency(nats.url(), "latency", frameBytes,
                halfRequestRate, options.referenceTime());

        line("## Inlet end to end");
        line("");
        line(warmup.describe(options));
        line("");
        line("| phase | result | load avg before |");
        line("|---|---|---|");
        line(String.format(Locale.ROOT, "| maximal rate, %d s, %d types, %d concurrent | gateway accepted %,.0f "
                        + "events/s (%,d events; statuses %s; IO errors %d); **end to end %,.0f events/s** (first POST to "
                        + "last row committed: %.1f s); gateway ack p50 %.1f / p99 %.1f / p99.9 %.1f / max %.1f ms | %s |",
                options.duration().toSeconds(), options.eventTypes(), options.concurrency(), max.eventsPerSecond(),
                max.acceptedEvents(), max.statuses(), max.errors(), e2eMax,
                (maxRows.reachedNanos() - max.firstPostNanos()) / 1e9, max.percentileMillis(50),
                max.percentileMillis(99), max.percentileMillis(99.9), max.latencyMicros().getMaxValue() / 1000.0,
                maxLoad));
        line(String.format(Locale.ROOT, "| half rate (%,d events/s scheduled), %d s | gateway accepted %,.0f events/s "
                        + "(statuses %s); end to end %,.0f events/s; gateway ack (from scheduled send) p50 %.1f / "
                        + "p99 %.1f / p99.9 %.1f / max %.1f ms | %s |", halfRate, options.halfDuration().toSeconds(),
                half.eventsPerSecond(), half.statuses(), e2eHalf, half.percentileMillis(50), half.percentileMillis(99),
                half.percentileMillis(99.9), half.latencyMicros().getMaxValue() / 1000.0, halfLoad));
        line("");
        line("Gateway's own timers at the end of the half phase (last ~30 s): " + gatewayTimers);
        line(String.format(Locale.ROOT, "Raw JetStream PubAck latency at the half phase's pace, after it (services "
                        + "idle): %,.0f messages/s of %,d bytes (the raw hop's mean frame), %,d published, from when "
                        + "each was due: p50 %.1f / p99 %.1f / p99.9 %.1f / max %.1f ms", halfAcks.ratePerSecond(),
                halfAcks.messageBytes(), halfAcks.published(), halfAcks.percentileMillis(50),
                halfAcks.percentileMillis(99), halfAcks.percentileMillis(99.9), halfAcks.percentileMillis(100)));
        line(String.format(Locale.ROOT, "Raw JetStream PubAck latency during the half phase, beside the gateway (a "
                        + "probe publisher in the bench process, %,.0f messages/s of %,d bytes to a stream of its own, "
                        + "%,d published): p50 %.1f / p99 %.1f / p99.9 %.1f / max %.1f ms", probeAcks.ratePerSecond(),
                probeAcks.messageBytes(), probeAcks.published(), probeAcks.percentileMillis(50),
                probeAcks.percentileMillis(99), probeAcks.percentileMillis(99.9), probeAcks.percentileMillis(100)));
        line(String.format(Locale.ROOT, "Of the probe's messages, sent while one of the lake's %d flush threads was "
                        + "running: %,d (%.0f %% over 10 ms, p99 %.1f ms); sent otherwise: %,d (%.0f %% over 10 ms, "
                        + "p99 %.1f ms)", lakeFlushes.threads(), probeAcks.whileBusy().getTotalCount(),
                100 * JetStreamReference.Latency.shareOver(probeAcks.whileBusy(), 10),
                probeAcks.whileBusy().getValueAtPercentile(99) / 1000.0, probeAcks.otherwise().getTotalCount(),
                100 * JetStreamReference.Latency.shareOver(probeAcks.otherwise(), 10),
                probeAcks.otherwise().getValueAtPercentile(99) / 1000.0));
        line("");
        line("Lake after the maximal phase: " + maxRows + "; after the half phase: " + halfRows);
        line(String.format(Locale.ROOT, "Parquet bytes / JSON bytes ingested (max phase, request bodies): %.1f %%",
                100.0 * maxRows.bytes() / max.acceptedBytes()));
        line("");
        line("### JetStream per hop (maximal phase: its load and drain)");
        line("");
        line(String.format(Locale.ROOT, "Per event accepted (%,d). Messages: last-sequence delta of each stream "
                + "(counts under any retention); bytes: stored-bytes delta, JetStream's size of each stored message "
                + "with its subject and headers (only under retention limits; n/a otherwise).", max.acceptedEvents()));
        line("");
        report.append(StreamHops.table(hops, max.acceptedEvents()));
        line("");
        line("### Ratios to the reference limits");
        line("");
        line(String.format(Locale.ROOT, "- **e2e ÷ fused: %.1f %%** (%,.0f ÷ %,.0f events/s)",
                100 * e2eMax / fused.eventsPerSecond(), e2eMax, fused.eventsPerSecond()));
        line(String.format(Locale.ROOT, "- e2e / raw JetStream publishAsync: %.1f %%", 100 * e2eMax / js.publishPerSecond()));
        line(String.format(Locale.ROOT, "- e2e / raw JetStream pull+ack: %.1f %%", 100 * e2eMax / js.consumePerSecond()));
        line(String.format(Locale.ROOT, "- e2e / raw Parquet write: %.1f %%", 100 * e2eMax / pq.writeRowsPerSecond()));
        line(String.format(Locale.ROOT, "- gateway accepted / trivial endpoint: %.1f %%",
                100 * max.eventsPerSecond() / tr.eventsPerSecond()));
        line("");
        line("### CPU (cores busy, averaged) and max RSS per process");
        line("");
        line("| process | max phase: load (CPU, RSS MiB) | max phase: drain after load | half phase incl. drain |");
        line("|---|---|---|---|");
        for (String name : gatewayPhaseUsage.keySet()) {
            ProcStats.Usage a = gatewayPhaseUsage.get(name);
            ProcStats.Usage b = drainUsage.getOrDefault(name, new ProcStats.Usage(0, 0));
            ProcStats.Usage c = halfUsage.getOrDefault(name, new ProcStats.Usage(0, 0));
            line(String.format(Locale.ROOT, "| %s | %.2f, %d | %.2f, %d | %.2f, %d |", name, a.cores(), a.maxRssMiB(),
                    b.cores(), b.maxRssMiB(), c.cores(), c.maxRssMiB()));
        }
        line(String.format(Locale.ROOT, "| not in the rows above (machine − rows; other processes, kernel) | %.2f | %.2f"
                + " | %.2f |", unaccounted(gatewayPhaseUsage), unaccounted(drainUsage), unaccounted(halfUsage)));
        line("");
        line("Run-queue wait (/proc/pid/task/tid/schedstat): the share of each process's runnable thread time spent "
                + "ready but waiting for a core, and the mean wait per time slice — in the maximal phase's load / in "
                + "the half phase:");
        line("");
        for (String name : gatewayPhaseUsage.keySet()) {
            ProcStats.Usage a = gatewayPhaseUsage.get(name);
            ProcStats.Usage c = halfUsage.getOrDefault(name, new ProcStats.Usage(0, 0));
            if (!name.equals("machine") && !name.startsWith("postgresql")) {
                line(String.format(Locale.ROOT, "- %s: %.0f %%, %.0f µs / %.0f %%, %.0f µs", name, 100 * a.waitShare(),
                        a.meanWaitMicros(), 100 * c.waitShare(), c.meanWaitMicros()));
            }
        }
        line("");
        line("Share of each service's CPU that went to the JVM's garbage collector and JIT compiler (by thread name), "
                + "in the drain after the maximal load / in the half phase:");
        line("");
        for (InletService service : services.keySet()) {
            Map<String, Double> drain = drainThreadShares.getOrDefault(service.module(), Map.of());
            Map<String, Double> halfShares = halfThreadShares.getOrDefault(service.module(), Map.of());
            line(String.format(Locale.ROOT, "- %s: GC %.0f %% / %.0f %%, JIT %.0f %% / %.0f %%", service.module(),
                    100 * drain.getOrDefault("gc", 0.0), 100 * halfShares.getOrDefault("gc", 0.0),
                    100 * drain.getOrDefault("jit", 0.0), 100 * halfShares.getOrDefault("jit", 0.0)));
        }
        line("");
        line("load average at the end: " + Machine.loadAverage());
        flush(work);

        // 3. Profiles
        if (options.jfr()) {
            List<InletService> order = List.of(InletService.GATEWAY, InletService.CONSUMER, InletService.PIPELINE,
                    InletService.LAKE, InletService.SCHEMA_REGISTRY);
            line("");
            line("## JFR (maximal phase: load and drain, settings=profile)");
            for (InletService service : order) {
                line("");
                line("### " + service.module());
                line("```");
                report.append(JfrSummary.summarize(jfrDirectory.resolve(service.module() + ".jfr"), 15));
                line("```");
            }
            flush(work);
        }
        say("results: " + work.resolve("results.md"));
        System.out.println(report);
    }

    private ServiceStack startServices(String natsUrl, S3Endpoint s3, String database, String token, Path work)
            throws Exception {
        ServiceStack.Builder stack = ServiceStack.builder(options.repository(), work)
                .nats(natsUrl).s3(s3).database(database).adminToken(token).jvmOpts(options.serviceJvmOpts())
                .progress(Main::say)
                // files every 2 s instead of 5 min, so the last row lands soon after the last POST (the memory
                // budget is the service's default: a quarter of its heap)
                .property(InletService.LAKE, "inlet.lake.buffer.max-age", "2s")
                .property(InletService.LAKE, "inlet.lake.buffer.check-interval", "200ms");
        // where a request's time goes: server-side request time as percentiles over the last ~30 s (read right
        // after the half phase's load)
        for (String meter : GatewayTimers.METERS) {
            // bracketed: a map key with dots, bound as one key
            stack.property(InletService.GATEWAY, "management.metrics.distribution.percentiles[" + meter + "]",
                    "0.5,0.99");
            stack.property(InletService.GATEWAY, "management.metrics.distribution.expiry[" + meter + "]", "30s");
            // the gateway ships buckets for the dashboard's histogram_quantile; with them Prometheus gets no
            // windowed quantile lines, and the buckets count since the start
            stack.property(InletService.GATEWAY, "management.metrics.distribution.percentiles-histogram[" + meter
                    + "]", "false");
        }
        return stack.start();
    }

    private List<byte[]> bodies(Payloads payloads) {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            bodies.add(payloads.batch(options.batchSize(), (long) i * options.batchSize()));
        }
        return bodies;
    }

    private List<String> types(String prefix) {
        List<String> types = new ArrayList<>();
        for (int i = 0; i < options.eventTypes(); i++) {
            types.add(prefix + ".t" + i);
        }
        return types;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    /** {@code jcmd <pid> <command> <args>} (JFR start/stop on a running service). */
    private static void jcmd(long pid, String... command) {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid)));
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                System.out.println("WARNING: " + line + " failed");
            }
        } catch (IOException e) {
            System.out.println("WARNING: " + line + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    private Map<String, Map<String, Double>> threadShares(Map<InletService, ServiceProcess> services) {
        Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
        services.keySet().forEach(service -> shares.put(service.module(), stats.threadGroupShares(service.module())));
        return shares;
    }

    private static double unaccounted(Map<String, ProcStats.Usage> usage) {
        double listed = usage.entrySet().stream().filter(e -> !e.getKey().equals("machine"))
                .mapToDouble(e -> e.getValue().cores()).sum();
        return usage.getOrDefault("machine", new ProcStats.Usage(0, 0)).cores() - listed;
    }

    /** The local PostgreSQL's postmaster: the parent of a backend of ours. */
    private static java.util.Optional<Long> postmasterPid(String database) {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database,
                "postgres", "");
             var statement = connection.createStatement();
             var result = statement.executeQuery("select pg_backend_pid()")) {
            result.next();
            return ProcessHandle.of(result.getLong(1)).flatMap(ProcessHandle::parent).map(ProcessHandle::pid);
        } catch (Exception e) {
            System.out.println("WARNING: cannot find PostgreSQL's process (" + e.getMessage() + "); not counted");
            return java.util.Optional.empty();
        }
    }


    /**
     * The lakes' S3 endpoint as a process of its own ({@link S3ProxyApp}): in this JVM, its work on the lake's uploads
     * and its collections would stall the load generator that times the gateway.
     */
    private S3Endpoint startS3Proxy(Path folder, Path logs) throws Exception {
        List<Integer> ports = FreePorts.find(2);
        s3Process = keep(ServiceProcess.start("s3proxy", List.of("-cp", benchClassPath(), S3ProxyApp.class.getName()),
                options.serviceJvmOpts(), Map.of("s3.port", String.valueOf(ports.get(1)), "s3.folder",
                        folder.toAbsolutePath().toString(), "s3.buckets", "inlet-lake,inlet-error-lake"),
                ports.get(0), logs, null));
        s3Process.awaitHealthy("/ready", Duration.ofSeconds(90));
        return S3Endpoint.servedElsewhere(URI.create("http://127.0.0.1:" + ports.get(1)), folder, "s3proxy process",
                () -> { });
    }

    /** target/classes and target/lib/* of this module, for the trivial endpoint's and S3Proxy's processes. */
    private static String benchClassPath() throws Exception {
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lib = classes.getParent().resolve("lib");
        if (!Files.isDirectory(lib)) {
            return System.getProperty("java.class.path");
        }
        return classes + File.pathSeparator + lib + File.separator + "*";
    }


    private <T extends AutoCloseable> T keep(T resource) {
        started.add(resource);
        return resource;
    }

    private synchronized void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping " + started.get(i) + ": " + e.getMessage());
            }
        }
        started.clear();
        stats.close();
    }

    private void line(String text) {
        report.append(text).append('\n');
    }

    private void flush(Path work) throws IOException {
        Files.writeString(work.resolve("results.md"), report);
    }

    private static void say(String message) {
        System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + message);
    }
}
