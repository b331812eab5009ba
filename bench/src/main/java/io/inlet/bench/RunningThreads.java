package io.inlet.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Whether any thread of a process whose name starts with a prefix is running or runnable right now (/proc). */
final class RunningThreads implements BooleanSupplier {

    private final List<Path> stats;

    private RunningThreads(List<Path> stats) {
        this.stats = stats;
    }

    /** The threads of {@code pid} named {@code prefix…} now (e.g. the lake's {@code lake-flush-1}, {@code -2}). */
    static RunningThreads of(long pid, String prefix) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                if (Files.readString(task.resolve("comm")).trim().startsWith(prefix)) {
                    found.add(task.resolve("stat"));
                }
            }
        } catch (IOException e) {
            // not Linux, or the process is gone: no threads to watch
        }
        return new RunningThreads(found);
    }

    int threads() {
        return stats.size();
    }

    @Override
    public boolean getAsBoolean() {
        for (Path stat : stats) {
            if (running(stat)) {
                return true;
            }
        }
        return false;
    }

    /** State {@code R} in /proc/&lt;pid&gt;/task/&lt;tid&gt;/stat (its first field after the parenthesised name). */
    static boolean running(Path stat) {
        String[] fields = ProcStats.statFields(stat);
        return fields.length > 0 && fields[0].equals("R");
    }
}
