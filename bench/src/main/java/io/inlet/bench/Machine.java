package io.inlet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about this machine for the report: load average (as uptime shows it), cores, memory. */
final class Machine {

    private Machine() {
    }

    /** The 1/5/15-minute load averages from /proc/loadavg, e.g. {@code 3.21 4.10 4.02}. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    /** The machine's online cores: the {@code cpuN} lines of /proc/stat (not this process's CPU affinity). */
    static long onlineCores() {
        try {
            return Files.readAllLines(Path.of("/proc/stat")).stream()
                    .filter(line -> line.length() > 3 && line.startsWith("cpu") && Character.isDigit(line.charAt(3)))
                    .count();
        } catch (IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    static String describe() {
        String memory = "n/a";
        try {
            memory = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
        } catch (IOException e) {
            // not Linux
        }
        return onlineCores() + " cores (this process may use " + Runtime.getRuntime().availableProcessors() + "), "
                + memory + ", Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
    }
}
