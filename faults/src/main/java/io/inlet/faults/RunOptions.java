package io.inlet.faults;

import io.inlet.faults.schedule.FaultKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fault run's settings, from {@code --name=value} or {@code --name value}; every one has a default sized for a
 * 2-core machine and a run under ten minutes.
 *
 * @param events         events sent (in batches of {@code batchSize}, ids {@code f<seed>-<n>})
 * @param seed           drives the schedule of faults (null: a random one, printed)
 * @param faultCount     how many faults, when {@code faultKinds} is empty
 * @param faultKinds     exactly these faults in this order ({@code --faults=lake-kill,nats-kill}), or empty
 * @param rate           target events/s of the load
 * @param senders        concurrent producers (one request in flight each)
 * @param batchSize      events per POST
 * @param drainTimeout   how long after the load and the last fault every accepted id may take to reach the lake
 * @param serviceJvmOpts JVM options of every service process
 * @param workDir        logs, NATS store, the S3 folder, faults.md (emptied first)
 * @param repository     the checkout whose {@code <service>/target/<service>-0.1.0-SNAPSHOT-exec.jar} are run
 * @param natsNodes      1: one nats-server; 3 or more: a NATS cluster on loopback whose streams all have 3 replicas
 *                       ({@code inlet.streams.replicas}), faults {@code nats-node-kill} twice unless given
 */
public record RunOptions(long events, Long seed, int faultCount, List<FaultKind> faultKinds, int rate, int senders,
                         int batchSize, Duration drainTimeout, String serviceJvmOpts, Path workDir, Path repository,
                         int natsNodes) {

    /** Replicas of every stream on a cluster run. */
    public static final int CLUSTER_REPLICAS = 3;
    private static final Set<String> NAMES = Set.of("events", "seed", "faults", "rate", "senders", "batch-size",
            "drain-timeout", "service-jvm-opts", "work-dir", "repository", "nats-nodes");

    public RunOptions {
        faultKinds = List.copyOf(faultKinds);
        if (events < 1 || rate < 1 || senders < 1 || batchSize < 1) {
            throw new IllegalArgumentException("--events, --rate, --senders and --batch-size must be positive");
        }
        if (faultKinds.isEmpty() && faultCount < 0) {
            throw new IllegalArgumentException("--faults must be a count (0 or more) or a list of kinds");
        }
        if (natsNodes != 1 && natsNodes < CLUSTER_REPLICAS) {
            throw new IllegalArgumentException("--nats-nodes is 1 (one nats-server) or at least " + CLUSTER_REPLICAS
                    + " (a cluster for R" + CLUSTER_REPLICAS + " streams), got " + natsNodes);
        }
        boolean clustered = natsNodes > 1;
        if (clustered && faultKinds.isEmpty() && faultCount > 0) {
            throw new IllegalArgumentException("on a NATS cluster give the faults by kind, e.g. "
                    + "--faults nats-node-kill,lake-kill");
        }
        if (clustered && faultKinds.contains(FaultKind.NATS_KILL)) {
            throw new IllegalArgumentException("nats-kill needs one nats-server; on a cluster use nats-node-kill");
        }
        if (!clustered && faultKinds.contains(FaultKind.NATS_NODE_KILL)) {
            throw new IllegalArgumentException("nats-node-kill needs a NATS cluster: --nats-nodes 3");
        }
    }

    /** Whether the run is on a NATS cluster. */
    public boolean clustered() {
        return natsNodes > 1;
    }

    public static RunOptions parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("arguments are --name=value or --name value, got '" + arg + "'");
            }
            String name;
            String value;
            if (arg.contains("=")) {
                name = arg.substring(2, arg.indexOf('='));
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                name = arg.substring(2);
                value = args[++i];
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + NAMES);
            }
            values.put(name, value);
        }
        int natsNodes = (int) number(values, "nats-nodes", "1");
        String faults = values.getOrDefault("faults", natsNodes > 1 ? "nats-node-kill,nats-node-kill" : "10").trim();
        int faultCount = 0;
        List<FaultKind> kinds = new ArrayList<>();
        if (faults.matches("[0-9]+")) {
            faultCount = Integer.parseInt(faults);
        } else {
            for (String kind : faults.split(",")) {
                kinds.add(FaultKind.ofOption(kind));
            }
            faultCount = kinds.size();
        }
        return new RunOptions(
                number(values, "events", "200000"),
                values.containsKey("seed") ? Long.valueOf(number(values, "seed", "0")) : null,
                faultCount,
                kinds,
                (int) number(values, "rate", "1000"),
                (int) number(values, "senders", "4"),
                (int) number(values, "batch-size", "100"),
                Duration.ofSeconds(number(values, "drain-timeout", "180")),
                values.getOrDefault("service-jvm-opts", "-Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=10000 -XX:MetaspaceSize=128m"),
                Path.of(values.getOrDefault("work-dir", "target/faults-run")).toAbsolutePath().normalize(),
                Path.of(values.getOrDefault("repository", ".")).toAbsolutePath().normalize(),
                natsNodes);
    }

    /** How long the load lasts at the target rate. */
    public Duration loadDuration() {
        return Duration.ofMillis(events * 1000 / rate);
    }

    private static long number(Map<String, String> values, String name, String fallback) {
        String value = values.getOrDefault(name, fallback).trim().replace("_", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + value + "'");
        }
    }
}
