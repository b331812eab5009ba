package io.inlet.bench;

import io.inlet.localrunner.InletService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The warm-up before the measured phases: {@code warmup} s of load, then rounds of {@link #ROUND} until every
 * service's JIT compiler threads used less than {@link #JIT_SETTLED_CORES} cores in a round, for {@code warmupMax}
 * more at most.
 *
 * @param length            how long it ran
 * @param events            events it sent
 * @param lastRoundJitCores its last round's JIT cores per service (empty: a fixed warm-up)
 */
record Warmup(Duration length, long events, Map<String, Double> lastRoundJitCores) {

    /** A service's JIT has settled when its compiler threads used less than this many cores over a warm-up round. */
    static final double JIT_SETTLED_CORES = 0.05;
    static final Duration ROUND = Duration.ofSeconds(10);

    static Warmup run(Options options, LoadGenerator load, List<String> types, List<byte[]> bodies,
                      Set<InletService> services, ProcStats stats, Consumer<String> progress) throws Exception {
        long events = load.run(types, bodies, options.batchSize(), options.concurrency(), 0, options.warmup())
                .acceptedEvents();
        Duration length = options.warmup();
        Map<String, Double> lastRound = Map.of();
        Map<String, Double> jitBefore = jitSeconds(services, stats);
        while (length.compareTo(options.warmup().plus(options.warmupMax())) < 0) {
            long roundStart = System.nanoTime();
            events += load.run(types, bodies, options.batchSize(), options.concurrency(), 0, ROUND)
                    .acceptedEvents();
            length = length.plus(ROUND);
            double roundSeconds = (System.nanoTime() - roundStart) / 1e9;
            Map<String, Double> jitNow = jitSeconds(services, stats);
            Map<String, Double> cores = new LinkedHashMap<>();
            jitNow.forEach((name, seconds) -> cores.put(name, Math.max(0, seconds - jitBefore.get(name)) / roundSeconds));
            jitBefore.putAll(jitNow);
            lastRound = cores;
            progress.accept("  warm-up " + length.toSeconds() + " s, JIT cores in the last round: "
                    + formatCores(cores));
            if (cores.values().stream().allMatch(c -> c < JIT_SETTLED_CORES)) {
                break;
            }
        }
        return new Warmup(length, events, lastRound);
    }

    String describe(Options options) {
        return String.format(Locale.ROOT, "Warm-up: %d s of load (%,d events; %d s fixed, then %d s rounds until "
                        + "every service's JIT compiler threads used < %.2f cores in a round, %d s at most); JIT "
                        + "cores in its last round: %s", length.toSeconds(), events, options.warmup().toSeconds(),
                ROUND.toSeconds(), JIT_SETTLED_CORES, options.warmup().plus(options.warmupMax()).toSeconds(),
                lastRoundJitCores.isEmpty() ? "n/a (fixed warm-up)" : formatCores(lastRoundJitCores));
    }

    /** JIT compiler threads' CPU seconds so far, per Inlet service. */
    private static Map<String, Double> jitSeconds(Set<InletService> services, ProcStats stats) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        services.forEach(service -> seconds.put(service.module(), stats.jitSeconds(service.module())));
        return seconds;
    }

    private static String formatCores(Map<String, Double> cores) {
        StringBuilder text = new StringBuilder();
        cores.forEach((name, value) -> text.append(text.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.2f", name.replace("-service", ""), value)));
        return text.toString();
    }
}
