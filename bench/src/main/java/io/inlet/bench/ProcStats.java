package io.inlet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU and resident memory per process from /proc: CPU as the change of utime+stime (/proc/pid/stat) over a phase,
 * RSS sampled every 500 ms (VmRSS of /proc/pid/status) with its maximum kept per phase, and the scheduler's
 * run-queue wait of the process's threads over the phase (/proc/pid/task/tid/schedstat: time on a core, time ready
 * but waiting for one, time slices).
 */
final class ProcStats implements AutoCloseable {

    /**
     * CPU in cores (1.0 = one core busy for the whole phase), the largest RSS seen in MiB, and the run-queue wait: the
     * share of its threads' runnable time they spent waiting for a core, and the mean wait per time slice in µs
     * (0 where not measured).
     */
    record Usage(double cores, long maxRssMiB, double waitShare, double meanWaitMicros) {

        Usage(double cores, long maxRssMiB) {
            this(cores, maxRssMiB, 0, 0);
        }
    }

    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> pids = new ConcurrentHashMap<>();
    private final java.util.Set<String> trees = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> ticksAtStart = new ConcurrentHashMap<>();
    private final Map<String, Long> maxRss = new ConcurrentHashMap<>();
    private final Map<String, Map<String, long[]>> schedAtStart = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "proc-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long phaseStart;
    private volatile long machineBusyStart;

    ProcStats() {
        sampler.scheduleAtFixedRate(this::sampleRss, 0, 500, TimeUnit.MILLISECONDS);
    }

    void watch(String name, long pid) {
        pids.put(name, pid);
    }

    /**
     * Watches a process with its children, counting children that ended too (their CPU time is in the parent's
     * cutime/cstime once reaped): PostgreSQL, whose work happens in a backend process per connection.
     */
    void watchTree(String name, long pid) {
        trees.add(name);
        pids.put(name, pid);
    }

    void forget(String name) {
        pids.remove(name);
    }

    /** CPU seconds per thread group (GC, JIT, application) of a JVM, since the last {@link #startPhase()}. */
    private final Map<String, Map<String, Long>> threadTicksAtStart = new ConcurrentHashMap<>();

    /** Starts a phase: CPU counted from now, RSS maxima reset. */
    synchronized void startPhase() {
        phaseStart = System.nanoTime();
        pids.forEach((name, pid) -> threadTicksAtStart.put(name, threadGroupTicks(pid)));
        pids.forEach((name, pid) -> ticksAtStart.put(name, ticksOf(name, pid)));
        pids.forEach((name, pid) -> schedAtStart.put(name, threadSchedStats(pid)));
        maxRss.clear();
        machineBusyStart = machineBusyTicks();
        sampleRss();
    }

    /** Usage per process since {@link #startPhase()}, plus "machine" (all cores, cores busy). */
    synchronized Map<String, Usage> endPhase() {
        sampleRss();
        double seconds = (System.nanoTime() - phaseStart) / 1e9;
        Map<String, Usage> usage = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            long used = ticksOf(name, pid) - ticksAtStart.getOrDefault(name, 0L);
            long[] sched = schedDelta(schedAtStart.getOrDefault(name, Map.of()), threadSchedStats(pid));
            usage.put(name, new Usage(used / TICKS_PER_SECOND / seconds, maxRss.getOrDefault(name, 0L) / 1024,
                    sched[0] + sched[1] == 0 ? 0 : (double) sched[1] / (sched[0] + sched[1]),
                    sched[2] == 0 ? 0 : sched[1] / 1e3 / sched[2]));
        });
        // /proc/stat's first line sums every core of the machine, so busy ticks per second are cores busy, whatever
        // this process's own CPU affinity (availableProcessors() is one core under taskset).
        long busyTicks = machineBusyTicks() - machineBusyStart;
        usage.put("machine", new Usage(busyTicks / TICKS_PER_SECOND / seconds, 0));
        return usage;
    }

    /**
     * Share of a process's CPU since the phase started that went to JVM garbage collection and JIT compilation
     * (by thread name: {@code GC Thread#n}, {@code G1 ...}, {@code VM Thread} / {@code C1|C2 CompilerThread}).
     */
    synchronized Map<String, Double> threadGroupShares(String name) {
        Long pid = pids.get(name);
        if (pid == null) {
            return Map.of();
        }
        Map<String, Long> now = threadGroupTicks(pid);
        Map<String, Long> start = threadTicksAtStart.getOrDefault(name, Map.of());
        Map<String, Long> delta = new LinkedHashMap<>();
        now.forEach((group, ticks) -> delta.put(group, Math.max(0, ticks - start.getOrDefault(group, 0L))));
        long total = delta.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        delta.forEach((group, ticks) -> shares.put(group, total == 0 ? 0 : (double) ticks / total));
        return shares;
    }

    /** {@link #threadGroupShares(String)} of each named process, in the order given. */
    Map<String, Map<String, Double>> threadGroupShares(java.util.Collection<String> names) {
        Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
        names.forEach(name -> shares.put(name, threadGroupShares(name)));
        return shares;
    }

    /** CPU seconds the JIT compiler threads of a watched process have used so far (live threads; 0 if unknown). */
    synchronized double jitSeconds(String name) {
        Long pid = pids.get(name);
        return pid == null ? 0 : threadGroupTicks(pid).get("jit") / TICKS_PER_SECOND;
    }

    /**
     * Run time, run-queue wait (ns) and time slices since {@code start}, summed over the threads alive at the end
     * (a thread that started in between counts from 0; one that ended is lost, as its counters are).
     */
    static long[] schedDelta(Map<String, long[]> start, Map<String, long[]> end) {
        long[] delta = new long[3];
        end.forEach((tid, now) -> {
            long[] before = start.getOrDefault(tid, new long[3]);
            for (int i = 0; i < 3; i++) {
                delta[i] += Math.max(0, now[i] - before[i]);
            }
        });
        return delta;
    }

    /** Per thread id: the three fields of /proc/pid/task/tid/schedstat; empty when the process is gone. */
    static Map<String, long[]> threadSchedStats(long pid) {
        Map<String, long[]> threads = new LinkedHashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            tasks.forEach(task -> {
                try {
                    String[] fields = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    threads.put(task.getFileName().toString(), new long[] {Long.parseLong(fields[0]),
                            Long.parseLong(fields[1]), Long.parseLong(fields[2])});
                } catch (IOException | RuntimeException e) {
                    // the thread ended, or the kernel has no schedstat
                }
            });
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
        return threads;
    }

    private static Map<String, Long> threadGroupTicks(long pid) {
        Map<String, Long> groups = new LinkedHashMap<>();
        groups.put("gc", 0L);
        groups.put("jit", 0L);
        groups.put("other", 0L);
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            tasks.forEach(task -> {
                String comm;
                try {
                    comm = Files.readString(task.resolve("comm")).trim();
                } catch (IOException | RuntimeException e) {
                    return; // the thread ended
                }
                String group = comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")
                        ? "gc" : comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") ? "jit" : "other";
                groups.merge(group, sum(statFields(task.resolve("stat")), 11, 12), Long::sum);
            });
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
        return groups;
    }

    private void sampleRss() {
        pids.forEach((name, pid) -> maxRss.merge(name, rssKiB(pid), Math::max));
    }

    private long ticksOf(String name, long pid) {
        return trees.contains(name) ? treeTicks(pid) : ticks(pid);
    }

    /** The process's own and reaped children's CPU, plus that of its live children (and theirs). */
    static long treeTicks(long pid) {
        long total = sum(statFields(Path.of("/proc/" + pid + "/stat")), 11, 12, 13, 14);
        return total + ProcessHandle.of(pid).map(p -> p.children().mapToLong(c -> treeTicks(c.pid())).sum())
                .orElse(0L);
    }

    /**
     * The fields of a /proc stat file after "pid (comm) ": state is field 3, so utime (14), stime (15), cutime (16)
     * and cstime (17) are at 11 to 14; empty when the process or thread is gone.
     */
    static String[] statFields(Path stat) {
        try {
            String text = Files.readString(stat);
            return text.substring(text.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return new String[0];
        }
    }

    /** The sum of the numeric fields at these indexes of {@link #statFields}, 0 when gone. */
    private static long sum(String[] fields, int... indexes) {
        long total = 0;
        for (int index : indexes) {
            total += index < fields.length ? Long.parseLong(fields[index]) : 0;
        }
        return total;
    }

    static long ticks(long pid) {
        return sum(statFields(Path.of("/proc/" + pid + "/stat")), 11, 12);
    }

    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    /**
     * Ticks every core of the machine spent busy (not idle, not waiting for I/O), from /proc/stat's first line: user,
     * nice, system, idle, iowait, irq, softirq, steal (guest time is already inside user and nice).
     */
    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            return total - Long.parseLong(f[4]) - Long.parseLong(f[5]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
