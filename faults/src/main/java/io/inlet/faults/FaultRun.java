package io.inlet.faults;

import io.inlet.faults.check.AnswerCheck;
import io.inlet.faults.check.CheckResult;
import io.inlet.faults.check.ConsumerState;
import io.inlet.faults.check.ExactlyOnceCheck;
import io.inlet.faults.check.OutsideChecks;
import io.inlet.faults.check.StreamState;
import io.inlet.faults.inject.ExecutedFault;
import io.inlet.faults.inject.FaultInjector;
import io.inlet.faults.inject.RestartableS3;
import io.inlet.faults.lake.LakeContents;
import io.inlet.faults.lake.LakeFolder;
import io.inlet.faults.lake.LakeReader;
import io.inlet.faults.load.Answer;
import io.inlet.faults.load.LoadResult;
import io.inlet.faults.load.PageViews;
import io.inlet.faults.load.Producer;
import io.inlet.faults.replay.ReplayFault;
import io.inlet.faults.report.Deliveries;
import io.inlet.faults.report.FaultTable;
import io.inlet.faults.schedule.FaultSchedule;
import io.inlet.faults.schedule.PlannedFault;
import io.inlet.localrunner.GatewayAdmin;
import io.inlet.localrunner.InletService;
import io.inlet.localrunner.processes.LocalDatabase;
import io.inlet.localrunner.processes.SchemaRegistration;
import io.inlet.localrunner.processes.ServiceProcess;
import io.inlet.localrunner.processes.ServiceStack;
import io.inlet.testsupport.NatsCluster;
import io.inlet.testsupport.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code java -cp 'faults/target/classes:faults/target/lib/*' io.inlet.faults.FaultRun [--events N] [--seed S]
 * [--faults N|kind,kind] [--rate R] [--work-dir DIR] [--nats-nodes 3]}: the five services as processes (two pipeline
 * instances), a private nats-server (or, with {@code --nats-nodes 3}, a three-node NATS cluster with R3 streams),
 * S3Proxy on a folder and a database of their own; a load with client-chosen ids; seeded kills,
 * outages and pauses while it runs; then, once the lake drained, checks from outside that every event answered 202
 * is in the lake exactly once and every stage consumes again; then the replay fault ({@link ReplayFault}: a replay
 * from the error lake, the lake killed mid-replay). Prints and writes {@code <work-dir>/faults.md}; exits 0 only when
 * every check passed.
 */
public final class FaultRun {

    static final Duration PIPELINE_ACK_WAIT = Duration.ofSeconds(10);
    /**
     * The lake's ack wait (its default). An ack sent while nats-server is killed, or taken by the server but not yet
     * in its consumer's stored state, is lost: that delivery stays "ack pending" until the ack wait redelivers it
     * (and the lake, which committed it, acks the redelivery at once). The consumers are given this long, and
     * {@link #SETTLE} more, to drain.
     */
    static final Duration LAKE_ACK_WAIT = Duration.ofMinutes(1);
    static final Duration SETTLE = Duration.ofSeconds(30);
    static final Duration ORPHAN_AGE = Duration.ofSeconds(20);
    static final Duration JANITOR_INTERVAL = Duration.ofSeconds(5);
    private static final String MARKER = ".inlet-fault-run";
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final RunOptions options;
    private final long seed;
    private final StringBuilder report = new StringBuilder();
    private final List<CheckResult> checks = new ArrayList<>();
    private final List<AutoCloseable> started = new ArrayList<>();
    private final long runStartedAt = System.currentTimeMillis();

    private FaultRun(RunOptions options, long seed) {
        this.options = options;
        this.seed = seed;
    }

    public static void main(String[] args) throws Exception {
        RunOptions options;
        try {
            options = RunOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: FaultRun [--events N] [--seed S] [--faults N|kind,kind,...] [--rate EVENTS_PER_S]"
                    + " [--senders N] [--drain-timeout S] [--work-dir DIR] [--repository DIR] [--nats-nodes 1|3]");
            System.exit(2);
            return;
        }
        long seed = options.seed() != null ? options.seed() : new Random().nextInt(1_000_000_000);
        FaultRun run = new FaultRun(options, seed);
        Runtime.getRuntime().addShutdownHook(new Thread(run::stopAll, "faults-stop"));
        int failed;
        try {
            failed = run.run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            run.checks.add(CheckResult.fail("fault run", "aborted: " + e));
            failed = run.finish();
        } finally {
            run.stopAll();
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    private int run() throws Exception {
        line("# Inlet fault run " + Instant.ofEpochMilli(runStartedAt));
        line("");
        line("seed: " + seed);
        say("seed " + seed);
        line("options: " + options);
        line("");
        Path work = prepare(options.workDir());
        Path logs = work.resolve("logs");
        Files.createDirectories(logs);

        NatsServerProcess nats = null;
        NatsCluster cluster = null;
        String natsServers;
        if (options.clustered()) {
            cluster = keep(NatsCluster.start(work.resolve("nats"), options.natsNodes(), Duration.ofMinutes(1)));
            for (int n = 1; n <= options.natsNodes(); n++) {
                Files.createSymbolicLink(logs.resolve("nats-server-n" + n + ".log"),
                        work.resolve("nats").resolve("n" + n).resolve("nats.log"));
            }
            natsServers = cluster.servers();
            say("private " + cluster + ", meta leader " + cluster.metaLeader(0) + "; every stream R"
                    + RunOptions.CLUSTER_REPLICAS);
            line("NATS: " + cluster + ", every stream with " + RunOptions.CLUSTER_REPLICAS + " replicas");
            line("");
        } else {
            nats = keep(NatsServerProcess.start(work.resolve("nats")));
            Files.createSymbolicLink(logs.resolve("nats-server.log"), work.resolve("nats").resolve("nats.log"));
            natsServers = nats.url();
            say("private " + nats);
        }
        RestartableS3 s3 = keep(new RestartableS3(work.resolve("s3"), ServiceStack.LAKE_BUCKET,
                ServiceStack.ERROR_BUCKET));
        LakeFolder folder = new LakeFolder(s3.folder(), ServiceStack.LAKE_BUCKET, ServiceStack.ERROR_BUCKET);
        say(s3.toString());
        String database = "inlet_faults_" + Long.toHexString(System.currentTimeMillis());
        LocalDatabase.create(database);
        keep(() -> dropDatabase(database));
        String token = "faults-admin-" + Long.toHexString(System.nanoTime());

        say("starting the services (two pipeline instances) ...");
        ServiceStack.Builder services = ServiceStack.builder(options.repository(), work);
        if (options.clustered()) {
            for (InletService service : List.of(InletService.GATEWAY, InletService.CONSUMER, InletService.PIPELINE,
                    InletService.LAKE)) {
                services.property(service, "inlet.streams.replicas", String.valueOf(RunOptions.CLUSTER_REPLICAS));
            }
        }
        ServiceStack stack = keep(services
                .nats(natsServers).s3(s3.lakeProperties()).database(database).adminToken(token)
                .jvmOpts(options.serviceJvmOpts()).progress(FaultRun::say)
                .instances(InletService.PIPELINE, 2)
                .property(InletService.LAKE, "spring.cloud.stream.nats.default.consumer.ack-wait",
                        LAKE_ACK_WAIT.toSeconds() + "s")
                .property(InletService.LAKE, "inlet.lake.buffer.max-age", "2s")
                .property(InletService.LAKE, "inlet.lake.buffer.check-interval", "200ms")
                .property(InletService.LAKE, "inlet.lake.commit.orphan-age", ORPHAN_AGE.toSeconds() + "s")
                .property(InletService.LAKE, "inlet.lake.commit.publish-grace", "5s")
                .property(InletService.LAKE, "inlet.lake.commit.janitor-interval", JANITOR_INTERVAL.toSeconds() + "s")
                // the replay fault: a killed lake's replay is resumed after this lease
                .property(InletService.LAKE, "inlet.lake.replay.lease", ReplayFault.LEASE.toSeconds() + "s")
                .property(InletService.LAKE, "inlet.lake.replay.frame-events", String.valueOf(ReplayFault.FRAME_EVENTS))
                // a paused pipeline's deliveries go to the other instance after this long
                .property(InletService.PIPELINE, "spring.cloud.stream.nats.bindings.applySchemas-in-0.consumer.ack-wait",
                        PIPELINE_ACK_WAIT.toSeconds() + "s")
                .start());
        String gateway = stack.process(InletService.GATEWAY).url();
        SchemaRegistration.register(stack.process(InletService.SCHEMA_REGISTRY).url(), token, PageViews.EVENT_TYPE,
                PageViews.SCHEMA);
        String apiKey = GatewayAdmin.createApiKey(gateway, token, "faults", PageViews.EVENT_TYPE);
        say("stack up after " + (System.currentTimeMillis() - runStartedAt) / 1000 + " s");

        PageViews events = new PageViews(seed, options.events(), options.batchSize());
        List<PlannedFault> plan = options.faultKinds().isEmpty()
                ? FaultSchedule.plan(seed, options.faultCount(), options.loadDuration())
                : FaultSchedule.plan(seed, options.faultKinds(), options.loadDuration());
        line(String.format("load: %,d events (%,d POSTs of %d, ids f%d-<n>) to %s at %,d events/s, %d senders; "
                        + "%d faults planned", options.events(), events.batches(), options.batchSize(), seed,
                PageViews.EVENT_TYPE, options.rate(), options.senders(), plan.size()));
        for (PlannedFault fault : plan) {
            say(String.format("  planned %s at %.1f s", fault.label(), fault.at().toMillis() / 1000.0));
        }

        // load and faults
        FaultInjector injector = new FaultInjector(stack, nats, cluster, s3, folder, database, PIPELINE_ACK_WAIT,
                FaultRun::say);
        Producer producer = new Producer(events, gateway, PageViews.EVENT_TYPE, apiKey, options.senders(),
                options.rate(), Duration.ofMinutes(2), Duration.ofMinutes(2), FaultRun::say);
        ExecutorService loadThread = Executors.newSingleThreadExecutor();
        long loadStartedAt = System.currentTimeMillis();
        Future<LoadResult> load = loadThread.submit(producer::run);
        List<ExecutedFault> faults = new ArrayList<>();
        List<String> injectionFailures = new ArrayList<>();
        long previousEnd = 0;
        for (PlannedFault fault : plan) {
            long due = Math.max(loadStartedAt + fault.at().toMillis(), previousEnd + 5_000);
            TimeUnit.MILLISECONDS.sleep(Math.max(0, due - System.currentTimeMillis()));
            try {
                ExecutedFault done = injector.execute(fault);
                faults.add(done);
                if (!done.asPlanned()) {
                    injectionFailures.add(fault.label() + ": " + done.note());
                }
                previousEnd = done.endedAt();
                say(String.format("  %s: %.1f s, %s", fault.label(), (done.endedAt() - done.startedAt()) / 1000.0,
                        done.note()));
            } catch (Exception e) {
                injectionFailures.add(fault.label() + ": " + e.getMessage());
                say("  " + fault.label() + " could not be done or undone: " + e);
                previousEnd = System.currentTimeMillis();
            }
        }
        LoadResult result = load.get();
        loadThread.shutdown();
        long loadEnd = result.endedAt();
        say(String.format("load done after %.1f s, %,d of %,d batches accepted", (loadEnd - loadStartedAt) / 1000.0,
                result.acceptedBatches(), events.batches()));
        checks.add(injectionFailures.isEmpty()
                ? CheckResult.pass("every fault done and undone", faults.size() + " faults")
                : CheckResult.fail("every fault done and undone", String.join("; ", injectionFailures)));

        Map<String, Long> accepted = new LinkedHashMap<>();
        List<Long> abandoned = new ArrayList<>();
        for (int b = 0; b < result.acceptedAt().length; b++) {
            if (result.acceptedAt()[b] > 0) {
                for (String id : events.ids(b)) {
                    accepted.put(id, result.acceptedAt()[b]);
                }
            } else {
                abandoned.add((long) b);
            }
        }
        checks.add(abandoned.isEmpty()
                ? CheckResult.pass("every batch accepted in the end", String.format("%,d batches", events.batches()))
                : CheckResult.fail("every batch accepted in the end", abandoned.size() + " batches never got a 202, "
                + "first: " + abandoned.stream().limit(CheckResult.SHOWN).map(b -> "batch " + b + " ("
                + events.id(b * options.batchSize()) + " ..)").toList()));

        writeAnswers(work.resolve("answers.csv"), result, events);

        // drain
        LakeReader reader = new LakeReader(folder);
        long drainStart = System.currentTimeMillis();
        long drainDeadline = drainStart + options.drainTimeout().toMillis();
        long present = 0;
        while (true) {
            try {
                LakeContents contents = reader.read(ServiceStack.LAKE_BUCKET, PageViews.EVENT_TYPE);
                present = accepted.keySet().stream().filter(contents.copies()::containsKey).count();
            } catch (Exception e) {
                say("  reading the lake: " + e.getMessage());
            }
            if (present == accepted.size() || System.currentTimeMillis() > drainDeadline) {
                break;
            }
            say(String.format("  drain: %,d of %,d accepted ids in the lake", present, accepted.size()));
            TimeUnit.SECONDS.sleep(5);
        }
        long drainedAt = System.currentTimeMillis();
        say(String.format("drain: %,d of %,d accepted ids in the lake %.1f s after the load and the faults", present,
                accepted.size(), (drainedAt - drainStart) / 1000.0));

        // staging: every orphan is older than orphan-age after this long, and the janitor has run since
        long stagingDeadline = drainedAt + ORPHAN_AGE.toMillis() + 2 * JANITOR_INTERVAL.toMillis() + 5_000;
        List<String> staging = folder.stagingObjects();
        while (!staging.isEmpty() && System.currentTimeMillis() < stagingDeadline) {
            TimeUnit.SECONDS.sleep(1);
            staging = folder.stagingObjects();
        }
        long stagingWaited = System.currentTimeMillis() - drainedAt;

        // the lake as it is now (the janitor may have published a committed file meanwhile)
        LakeContents lake = readWithRetries(reader);
        checks.add(0, ExactlyOnceCheck.verdict(accepted, lake.copies(), faults));
        List<String> errorIds = new ArrayList<>(readErrorLake(reader).copies().keySet());
        errorIds.sort(Comparator.naturalOrder());
        try (Connection connection = Nats.connect(new Options.Builder().servers(natsServers.split(","))
                .connectionTimeout(Duration.ofSeconds(5)).build())) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            List<StreamState> streams = streams(jsm);
            if (options.clustered()) {
                checks.add(replicas(jsm));
            }
            long errorStream = streams.stream().filter(s -> s.subjects().contains("inlet.errors.>"))
                    .mapToLong(StreamState::messages).sum();
            checks.add(1, OutsideChecks.errors(errorIds, errorStream, streams));
            checks.add(2, OutsideChecks.staging(staging, stagingWaited));
            List<ConsumerState> consumers = consumers(jsm);
            long consumersStart = System.currentTimeMillis();
            long consumersDeadline = consumersStart + LAKE_ACK_WAIT.plus(SETTLE).toMillis();
            while (consumers.stream().anyMatch(c -> !c.drained()) && System.currentTimeMillis() < consumersDeadline) {
                TimeUnit.SECONDS.sleep(1);
                consumers = consumers(jsm);
            }
            checks.add(3, OutsideChecks.consuming(consumers, health(stack),
                    System.currentTimeMillis() - consumersStart));
        }
        checks.add(4, AnswerCheck.verdict(result.answers(), faults, events));

        // the replay fault, on the stack as the load left it (after the checks above: it fills the error lake)
        say("replay fault: " + ReplayFault.EVENT_TYPE + " into the error lake, a fixing schema, a replay, kill -9 of "
                + "the lake mid-replay ...");
        long replayStartedAt = System.currentTimeMillis();
        try {
            String replayKey = GatewayAdmin.createApiKey(gateway, token, "faults-replay", ReplayFault.EVENT_TYPE);
            checks.addAll(new ReplayFault(stack, token, replayKey, reader, FaultRun::say).run());
        } catch (Exception e) {
            checks.add(CheckResult.fail("replay fault", "aborted: " + e));
        }
        say(String.format("replay fault done after %.1f s", (System.currentTimeMillis() - replayStartedAt) / 1000.0));

        // report
        long[] acceptedAt = new long[accepted.size()];
        long[] arrivedAt = new long[accepted.size()];
        int i = 0;
        for (Map.Entry<String, Long> id : accepted.entrySet()) {
            acceptedAt[i] = id.getValue();
            arrivedAt[i++] = lake.arrivedAt().getOrDefault(id.getKey(), 0L);
        }
        line(String.format("load: %.1f s; accepted %,d events; %,d attempts; drain %.1f s after the load and the "
                        + "faults; lake: %,d files", (loadEnd - loadStartedAt) / 1000.0, accepted.size(),
                result.answers().size(), (drainedAt - drainStart) / 1000.0, lake.files()));
        line("");
        line("## Faults (times in s; start from the load's start; arrival = mtime of the published Parquet file)");
        line("");
        report.append(FaultTable.render(faults, loadStartedAt, new Deliveries(acceptedAt, arrivedAt)));
        line("");
        return finish();
    }

    /** The checks, the wall time and the closing line; returns how many failed. */
    private int finish() {
        line("## Checks");
        line("");
        for (CheckResult check : checks) {
            line("- " + check.line());
        }
        long failed = checks.stream().filter(check -> !check.passed()).count();
        line("");
        line(String.format("wall time: %.1f s (seed %d)", (System.currentTimeMillis() - runStartedAt) / 1000.0, seed));
        line("");
        line((checks.size() - failed) + " passed, " + failed + " failed");
        System.out.println();
        System.out.print(report);
        try {
            Files.writeString(options.workDir().resolve("faults.md"), report);
        } catch (IOException e) {
            System.err.println("could not write faults.md: " + e.getMessage());
        }
        return (int) failed;
    }

    /** The work directory, emptied: only one this run made before (its marker) or an empty one. */
    private static Path prepare(Path work) throws IOException {
        if (Files.isDirectory(work)) {
            boolean ours = Files.exists(work.resolve(MARKER));
            try (Stream<Path> entries = Files.list(work)) {
                if (!ours && entries.findAny().isPresent()) {
                    throw new IllegalStateException(work + " is not empty and not a fault run's; choose --work-dir");
                }
            }
            try (Stream<Path> all = Files.walk(work)) {
                for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                    if (!path.equals(work)) {
                        Files.delete(path);
                    }
                }
            }
        }
        Files.createDirectories(work);
        Files.createFile(work.resolve(MARKER));
        return work;
    }

    /** Every attempt, one line each: the batch and its ids, when it was sent and answered, and how. */
    private static void writeAnswers(Path file, LoadResult result, PageViews events) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("batch,attempt,first_id,last_id,sent_at_ms,answered_at_ms,status,retry_after,hung,error");
        result.answers().stream().sorted(Comparator.comparingLong(Answer::sentAt)).forEach(answer -> {
            List<String> ids = events.ids(answer.batch());
            lines.add(answer.batch() + "," + answer.attempt() + "," + ids.get(0) + "," + ids.get(ids.size() - 1)
                    + "," + answer.sentAt() + "," + answer.answeredAt() + "," + answer.status() + ","
                    + (answer.retryAfter() == null ? "" : answer.retryAfter()) + "," + answer.hung() + ","
                    + (answer.error() == null ? "" : "\"" + answer.error().replace("\"", "'") + "\""));
        });
        Files.write(file, lines);
    }

    private LakeContents readWithRetries(LakeReader reader) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return reader.read(ServiceStack.LAKE_BUCKET, PageViews.EVENT_TYPE);
            } catch (Exception e) {
                if (attempt == 5) {
                    throw e;
                }
                TimeUnit.SECONDS.sleep(2);
            }
        }
    }

    private static LakeContents readErrorLake(LakeReader reader) {
        try {
            return reader.readAll(ServiceStack.ERROR_BUCKET);
        } catch (Exception e) {
            return new LakeContents(Map.of("(error lake unreadable: " + e.getMessage() + ")", 1), Map.of(), 0);
        }
    }

    private static List<StreamState> streams(JetStreamManagement jsm) throws Exception {
        List<StreamState> streams = new ArrayList<>();
        for (StreamInfo info : jsm.getStreams()) {
            streams.add(new StreamState(info.getConfiguration().getName(), info.getConfiguration().getSubjects(),
                    info.getStreamState().getMsgCount()));
        }
        return streams;
    }

    /** On a cluster run: every stream the services provisioned (dead-letter streams too) has its replicas. */
    private static CheckResult replicas(JetStreamManagement jsm) throws Exception {
        String name = "every stream with " + RunOptions.CLUSTER_REPLICAS + " replicas";
        List<String> streams = new ArrayList<>();
        List<String> tooFew = new ArrayList<>();
        for (StreamInfo info : jsm.getStreams()) {
            int replicas = info.getConfiguration().getReplicas();
            streams.add(info.getConfiguration().getName() + " R" + replicas);
            if (replicas != RunOptions.CLUSTER_REPLICAS) {
                tooFew.add(info.getConfiguration().getName() + " R" + replicas);
            }
        }
        if (streams.isEmpty()) {
            return CheckResult.fail(name, "no stream at all");
        }
        return tooFew.isEmpty() ? CheckResult.pass(name, String.join(", ", streams))
                : CheckResult.fail(name, String.join(", ", tooFew));
    }

    private static List<ConsumerState> consumers(JetStreamManagement jsm) throws Exception {
        List<ConsumerState> consumers = new ArrayList<>();
        for (String stream : jsm.getStreamNames()) {
            for (ConsumerInfo info : jsm.getConsumers(stream)) {
                consumers.add(new ConsumerState(stream, info.getName(), info.getNumPending(), info.getNumAckPending()));
            }
        }
        return consumers;
    }

    private static Map<String, String> health(ServiceStack stack) {
        Map<String, String> health = new LinkedHashMap<>();
        for (ServiceProcess process : stack.all()) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(process.url()
                        + "/actuator/health")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher status = STATUS.matcher(response.body());
                health.put(process.name(), status.find() ? status.group(1) : "HTTP " + response.statusCode());
            } catch (IOException e) {
                health.put(process.name(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                health.put(process.name(), "interrupted");
            }
        }
        return health;
    }

    private static void dropDatabase(String database) {
        try (java.sql.Connection connection = LocalDatabase.connect("postgres");
             var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (Exception e) {
            System.err.println("could not drop " + database + ": " + e.getMessage());
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        synchronized (started) {
            started.add(resource);
        }
        return resource;
    }

    /** Everything started, the last first; services get kill -9: the run is over and nothing of theirs is kept. */
    private void stopAll() {
        synchronized (started) {
            for (int i = started.size() - 1; i >= 0; i--) {
                AutoCloseable resource = started.get(i);
                try {
                    if (resource instanceof ServiceStack stack) {
                        for (ServiceProcess process : stack.all()) {
                            process.kill();
                        }
                    } else {
                        resource.close();
                    }
                } catch (Exception e) {
                    System.err.println("stopping " + resource + ": " + e.getMessage());
                }
            }
            started.clear();
        }
    }

    private void line(String text) {
        report.append(text).append('\n');
    }

    static void say(String message) {
        System.out.println("[faults " + Instant.now().toString().substring(11, 19) + "] " + message);
        System.out.flush();
    }
}
