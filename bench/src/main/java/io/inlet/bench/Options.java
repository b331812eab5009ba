package io.inlet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Benchmark settings from {@code --name=value} arguments (or {@code -Dbench.name=value}); every one has a default
 * that fits a 2-core machine and a run under ten minutes.
 *
 * @param duration        load duration of the maximal-rate end-to-end phase
 * @param halfDuration    load duration of the half-rate phase (gateway latency at half the maximal throughput)
 * @param warmup          warm-up load before the measured phases (JIT), on an event type of its own
 * @param warmupMax       the warm-up goes on after {@code warmup}, in rounds of 10 s, until the JIT compiler threads
 *                        of every service used less than 0.05 cores in a round, for at
 *                        most this long (0: a fixed warm-up): on two cores the compiler threads of five JVMs under
 *                        load are still compiling the hot paths at level 4 after 30 s, and the measured phases
 *                        would time the services' warm-up instead of their steady state
 * @param referenceTime   duration of each timed reference measurement (JetStream publish, trivial endpoint)
 * @param eventSize       target size of one event's JSON in bytes
 * @param payload         {@code realistic} (values drawn from small vocabularies, as clickstream data repeats
 *                        users, pages and campaigns) or {@code random} (the padding random characters: the worst
 *                        case for compression)
 * @param batchSize       events per HTTP request (a JSON array)
 * @param eventTypes      distinct event types the load is spread over
 * @param concurrency     requests in flight (one platform thread each)
 * @param rate            target events/s of the maximal phase; 0 = as fast as the gateway answers
 * @param publishInFlight JetStream publishAsync acks pending at most in the raw reference
 * @param parquetRows     rows per file in the raw Parquet reference
 * @param jfr             record each service with JFR (settings=profile) and summarize the hottest frames; off by
 *                        default: on two cores the recording cut the measured throughput to a third (it shares the
 *                        cores and triggers recompilation), so profiles come from a run of their own
 * @param serviceJvmOpts  JVM options of every service process
 * @param workDir         logs, NATS store, lake files, JFR recordings, results.md
 * @param repository      the checkout whose {@code <service>/target/<service>-0.1.0-SNAPSHOT-exec.jar} are run
 */
record Options(Duration duration, Duration halfDuration, Duration warmup, Duration warmupMax, Duration referenceTime, int eventSize,
               Payloads.Kind payload, int batchSize, int eventTypes, int concurrency, int rate, int publishInFlight, int parquetRows,
               boolean jfr, String serviceJvmOpts, Path workDir, Path repository) {

    static Options parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("bench.")) {
                values.put(k.toString().substring("bench.".length()), v.toString());
            }
        });
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value, got " + arg);
            }
            values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Options options = new Options(
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("duration", "45"))),
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("half-duration", "30"))),
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("warmup", "30"))),
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("warmup-max", "120"))),
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("reference-time", "15"))),
                Integer.parseInt(values.getOrDefault("event-size", "300")),
                Payloads.Kind.valueOf(values.getOrDefault("payload", "realistic").toUpperCase(java.util.Locale.ROOT)),
                Integer.parseInt(values.getOrDefault("batch-size", "100")),
                Integer.parseInt(values.getOrDefault("event-types", "4")),
                Integer.parseInt(values.getOrDefault("concurrency", "32")),
                Integer.parseInt(values.getOrDefault("rate", "0")),
                Integer.parseInt(values.getOrDefault("publish-in-flight", "4000")),
                Integer.parseInt(values.getOrDefault("parquet-rows", "200000")),
                Boolean.parseBoolean(values.getOrDefault("jfr", "false")),
                values.getOrDefault("service-jvm-opts", "-Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=10000 -XX:MetaspaceSize=128m"),
                Path.of(values.getOrDefault("work-dir", "bench/target/bench-run")).toAbsolutePath().normalize(),
                Path.of(values.getOrDefault("repository", ".")).toAbsolutePath().normalize());
        values.keySet().removeAll(java.util.Set.of("duration", "half-duration", "warmup", "warmup-max", "reference-time",
                "event-size", "payload", "batch-size", "event-types", "concurrency", "rate", "publish-in-flight", "parquet-rows",
                "jfr", "service-jvm-opts", "work-dir", "repository"));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + values.keySet());
        }
        return options;
    }
}
