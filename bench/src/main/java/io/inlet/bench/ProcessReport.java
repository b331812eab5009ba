package io.inlet.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The section on the processes of a run: CPU and max RSS per process and phase, CPU per event, run-queue waits, and
 * the GC and JIT shares of each service's CPU.
 */
final class ProcessReport {

    private static final ProcStats.Usage NONE = new ProcStats.Usage(0, 0);

    private ProcessReport() {
    }

    /**
     * @param load      the maximal phase's load
     * @param drain     the drain after it, until the last row was in the lake
     * @param loadSeconds  the load's length; {@code drainSeconds} the drain's
     * @param events    the events accepted in the maximal phase
     * @param half      the half phase with its drain
     * @param services  the services' names, in the report's order, for the GC/JIT shares
     */
    static void write(Report report, Map<String, ProcStats.Usage> load, double loadSeconds,
                      Map<String, ProcStats.Usage> drain, double drainSeconds, long events,
                      Map<String, ProcStats.Usage> half, Map<String, Map<String, Double>> drainShares,
                      Map<String, Map<String, Double>> halfShares, List<String> services) {
        report.line("### CPU (cores busy, averaged) and max RSS per process").line("");
        report.line("| process | max phase: load (CPU, RSS MiB) | max phase: drain after load | half phase incl. drain |");
        report.line("|---|---|---|---|");
        for (String name : load.keySet()) {
            ProcStats.Usage a = load.get(name);
            ProcStats.Usage b = drain.getOrDefault(name, NONE);
            ProcStats.Usage c = half.getOrDefault(name, NONE);
            report.line(String.format(Locale.ROOT, "| %s | %.2f, %d | %.2f, %d | %.2f, %d |", name, a.cores(),
                    a.maxRssMiB(), b.cores(), b.maxRssMiB(), c.cores(), c.maxRssMiB()));
        }
        report.line(String.format(Locale.ROOT, "| not in the rows above (machine − rows; other processes, kernel) | "
                + "%.2f | %.2f | %.2f |", unaccounted(load), unaccounted(drain), unaccounted(half)));
        report.line("");
        report.line("CPU per event accepted in the maximal phase (core-µs over its load and drain: what each part "
                + "costs an event, comparable across runs of different length):");
        report.line("");
        StringBuilder perEvent = new StringBuilder();
        for (String name : load.keySet()) {
            if (name.equals("machine")) {
                continue;
            }
            perEvent.append(perEvent.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f", name,
                    microsPerEvent(load.get(name), loadSeconds, drain.getOrDefault(name, NONE), drainSeconds,
                            events)));
        }
        report.line("- " + perEvent + String.format(Locale.ROOT, "; machine %.1f", microsPerEvent(
                load.getOrDefault("machine", NONE), loadSeconds, drain.getOrDefault("machine", NONE), drainSeconds,
                events)));
        report.line("");
        report.line("Run-queue wait (/proc/pid/task/tid/schedstat): the share of each process's runnable thread time "
                + "spent ready but waiting for a core, and the mean wait per time slice — in the maximal phase's load "
                + "/ in the half phase:");
        report.line("");
        for (String name : load.keySet()) {
            ProcStats.Usage a = load.get(name);
            ProcStats.Usage c = half.getOrDefault(name, NONE);
            if (!name.equals("machine") && !name.startsWith("postgresql")) {
                report.line(String.format(Locale.ROOT, "- %s: %.0f %%, %.0f µs / %.0f %%, %.0f µs", name,
                        100 * a.waitShare(), a.meanWaitMicros(), 100 * c.waitShare(), c.meanWaitMicros()));
            }
        }
        report.line("");
        report.line("Share of each service's CPU that went to the JVM's garbage collector and JIT compiler (by thread "
                + "name), in the drain after the maximal load / in the half phase:");
        report.line("");
        for (String service : services) {
            Map<String, Double> d = drainShares.getOrDefault(service, Map.of());
            Map<String, Double> h = halfShares.getOrDefault(service, Map.of());
            report.line(String.format(Locale.ROOT, "- %s: GC %.0f %% / %.0f %%, JIT %.0f %% / %.0f %%", service,
                    100 * d.getOrDefault("gc", 0.0), 100 * h.getOrDefault("gc", 0.0),
                    100 * d.getOrDefault("jit", 0.0), 100 * h.getOrDefault("jit", 0.0)));
        }
        report.line("");
    }

    /** Core-µs per event: the cores of each part of the phase times its seconds, over the events. */
    static double microsPerEvent(ProcStats.Usage load, double loadSeconds, ProcStats.Usage drain, double drainSeconds,
                                 long events) {
        return events == 0 ? 0 : (load.cores() * loadSeconds + drain.cores() * drainSeconds) * 1e6 / events;
    }

    private static double unaccounted(Map<String, ProcStats.Usage> usage) {
        double listed = usage.entrySet().stream().filter(e -> !e.getKey().equals("machine"))
                .mapToDouble(e -> e.getValue().cores()).sum();
        return usage.getOrDefault("machine", NONE).cores() - listed;
    }
}
