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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -cp 'bench/target/classes:bench/target/lib/*' io.inlet.bench.Main [--name=value ...]}: measures, in one
 * run on this machine, the reference limits (raw JetStream, raw Parquet, a trivial webmvc endpoint) and then Inlet
 * end to end (gateway → consumer → pipeline → lake → S3), each service its own JVM process so that CPU and RSS
 * are per service. Writes {@code <work-dir>/results.md}. See BENCHMARKS.md.
 */
public final class Main {

    /** The load generator, the references' clients and the probe; the lakes' S3 runs in a process of its own. */
    private static final String BENCH_PROCESS = "bench (load generator)";

    private final Options options;
    private final Report report = new Report();
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
        report.line("# Inlet benchmark run " + Instant.now()).line("");
        report.line("machine: " + Machine.describe() + "; load average at start: " + Machine.loadAverage());
        report.line("options: " + options).line("");
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
        report.line(String.format(Locale.ROOT, "events: page.viewed shape, mean %.0f bytes of JSON, %d per request",
                meanEventBytes, options.batchSize())).line("");
        List<byte[]> bodies = bodies(payloads);

        // 1. Reference limits
        ReferenceLimits.Result references = ReferenceLimits.measure(options, nats.url(), payloads, events, bodies,
                stats, BENCH_PROCESS, work, logs, report);
        report.writeTo(work);

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
        List<String> modules = services.keySet().stream().map(InletService::module).toList();
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
        long loadStart = System.nanoTime();
        LoadGenerator.Result max = load1.run(maxTypes, bodies, options.batchSize(), options.concurrency(),
                options.rate(), options.duration());
        Map<String, ProcStats.Usage> gatewayPhaseUsage = stats.endPhase();
        long drainStart = System.nanoTime();
        stats.startPhase();
        LakeRows maxRows = LakeRows.await(lake, token, maxTypes, max.acceptedEvents(), Duration.ofSeconds(240));
        Map<String, ProcStats.Usage> drainUsage = stats.endPhase();
        long drainEnd = System.nanoTime();
        List<StreamHops.Hop> hops = StreamHops.between(streamsBefore, StreamHops.snapshot(nats.url()));
        Map<String, Map<String, Double>> drainThreadShares = stats.threadGroupShares(modules);
        if (options.jfr()) {
            services.values().forEach(process -> jcmd(process.pid(), "JFR.stop", "name=bench",
                    "filename=" + jfrDirectory.resolve(process.name() + ".jfr")));
        }
        double e2eMax = max.acceptedEvents() / ((maxRows.reachedNanos() - max.firstPostNanos()) / 1e9);

        int halfRate = (int) Math.max(options.batchSize(), 0.5 * Math.min(e2eMax, max.eventsPerSecond()));
        int frameBytes = hops.stream().filter(hop -> hop.stream().equals("INLET_RAW") && hop.bytes() != null
                && hop.messages() > 0).map(hop -> (int) (hop.bytes() / hop.messages())).findFirst()
                .orElse(options.batchSize() * options.eventSize());
        HalfPhase.Result half = HalfPhase.run(options, new HalfPhase.Stack(nats.url(), gateway, lake, token,
                services.get(InletService.LAKE).pid(), modules), load1, halfTypes, bodies, halfRate, frameBytes, stats);

        report.line("## Inlet end to end").line("");
        report.line(warmup.describe(options)).line("");
        report.line("| phase | result | load avg before |").line("|---|---|---|");
        report.line(String.format(Locale.ROOT, "| maximal rate, %d s, %d types, %d concurrent | gateway accepted %,.0f "
                        + "events/s (%,d events; statuses %s; IO errors %d); **end to end %,.0f events/s** (first POST to "
                        + "last row committed: %.1f s); gateway ack p50 %.1f / p99 %.1f / p99.9 %.1f / max %.1f ms | %s |",
                options.duration().toSeconds(), options.eventTypes(), options.concurrency(), max.eventsPerSecond(),
                max.acceptedEvents(), max.statuses(), max.errors(), e2eMax,
                (maxRows.reachedNanos() - max.firstPostNanos()) / 1e9, max.percentileMillis(50),
                max.percentileMillis(99), max.percentileMillis(99.9), max.latencyMicros().getMaxValue() / 1000.0,
                maxLoad));
        report.line(half.tableRow(options)).line("");
        half.describeBroker(report);
        report.line("");
        report.line("Lake after the maximal phase: " + maxRows + "; after the half phase: " + half.rows());
        report.line(String.format(Locale.ROOT, "Parquet bytes / JSON bytes ingested (max phase, request bodies): "
                + "%.1f %%", 100.0 * maxRows.bytes() / max.acceptedBytes())).line("");
        report.line("### JetStream per hop (maximal phase: its load and drain)").line("");
        report.line(String.format(Locale.ROOT, "Per event accepted (%,d). Messages: last-sequence delta of each stream "
                + "(counts under any retention); bytes: stored-bytes delta, JetStream's size of each stored message "
                + "with its subject and headers (only under retention limits; n/a otherwise).", max.acceptedEvents()));
        report.line("").append(StreamHops.table(hops, max.acceptedEvents())).line("");
        report.line("### Ratios to the reference limits").line("");
        double fused = references.fused().eventsPerSecond();
        report.line(String.format(Locale.ROOT, "- **e2e ÷ fused: %.1f %%** (%,.0f ÷ %,.0f events/s)",
                100 * e2eMax / fused, e2eMax, fused));
        report.line(String.format(Locale.ROOT, "- e2e / raw JetStream publishAsync: %.1f %%",
                100 * e2eMax / references.jetStream().publishPerSecond()));
        report.line(String.format(Locale.ROOT, "- e2e / raw JetStream pull+ack: %.1f %%",
                100 * e2eMax / references.jetStream().consumePerSecond()));
        report.line(String.format(Locale.ROOT, "- e2e / raw Parquet write: %.1f %%",
                100 * e2eMax / references.parquet().writeRowsPerSecond()));
        report.line(String.format(Locale.ROOT, "- gateway accepted / trivial endpoint: %.1f %%",
                100 * max.eventsPerSecond() / references.trivial().eventsPerSecond()));
        report.line("");
        ProcessReport.write(report, gatewayPhaseUsage, (drainStart - loadStart) / 1e9, drainUsage,
                (drainEnd - drainStart) / 1e9, max.acceptedEvents(), half.usage(), drainThreadShares,
                half.threadShares(), modules);
        report.line("load average at the end: " + Machine.loadAverage());
        report.writeTo(work);

        // 3. Profiles
        if (options.jfr()) {
            List<InletService> order = List.of(InletService.GATEWAY, InletService.CONSUMER, InletService.PIPELINE,
                    InletService.LAKE, InletService.SCHEMA_REGISTRY);
            report.line("").line("## JFR (maximal phase: load and drain, settings=profile)");
            for (InletService service : order) {
                report.line("").line("### " + service.module()).line("```");
                report.append(JfrSummary.summarize(jfrDirectory.resolve(service.module() + ".jfr"), 15));
                report.line("```");
            }
            report.writeTo(work);
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
    static String benchClassPath() throws Exception {
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

    static void say(String message) {
        System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + message);
    }
}
