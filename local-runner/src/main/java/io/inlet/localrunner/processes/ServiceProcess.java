package io.inlet.localrunner.processes;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One JVM process (a service's runnable jar, or any main class) on a fixed port, so that its CPU and RSS can be read
 * from /proc and so that it can be killed ({@code kill -9}), paused ({@code kill -STOP}) and started again with the
 * same command. Properties are passed as {@code --name=value} arguments; output goes to {@code <logs>/<name>.log}
 * (appended to across restarts).
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final List<String> command;
    private final Path logFile;
    private final Path jfrFile;
    private volatile Process process;

    private ServiceProcess(String name, int port, List<String> command, Path logFile, Path jfrFile) {
        this.name = name;
        this.port = port;
        this.command = List.copyOf(command);
        this.logFile = logFile;
        this.jfrFile = jfrFile;
    }

    /**
     * @param launch       {@code -jar <jar>} or {@code -cp <cp> <main class>}
     * @param jfrDirectory where to record with JFR from the start, or null for no recording
     */
    public static ServiceProcess start(String name, List<String> launch, String jvmOpts, Map<String, String> properties,
                                       int port, Path logs, Path jfrDirectory) throws IOException {
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : jvmOpts.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        Path jfr = null;
        if (jfrDirectory != null) {
            Files.createDirectories(jfrDirectory);
            jfr = jfrDirectory.resolve(name + ".jfr");
            command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        command.addAll(launch);
        command.add("--server.port=" + port);
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        ServiceProcess service = new ServiceProcess(name, port, command, logs.resolve(name + ".log"), jfr);
        service.start();
        return service;
    }

    /** Starts the process (again) with the same command, port and log; a running one is left alone. */
    public synchronized void start() throws IOException {
        if (isAlive()) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // glibc gives busy threads malloc arenas of their own (up to 8 per core); two are plenty for a JVM whose
        // allocations are on its heap, and the unused rest of each arena counts as resident memory
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        process = builder.start();
    }

    public String name() {
        return name;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The JFR recording, or null when the process is not recorded from its start. */
    public Path jfrFile() {
        return jfrFile;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return current.pid();
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Waits until {@code path} answers 200 (the service is up and ready). */
    public void awaitHealthy(String path, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(name + " exited"
                        + (current == null ? "" : " with " + current.exitValue()) + "; see " + logFile);
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException(name + " not healthy at " + url() + path + " within " + timeout + ": " + last);
    }

    /** {@code kill -9}: no shutdown hook, no flush; returns once the process is gone. */
    public synchronized void kill() throws InterruptedException {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroyForcibly();
        current.waitFor(30, TimeUnit.SECONDS);
        process = null;
    }

    /** {@code kill -STOP}: the process keeps its sockets but does nothing, as a long GC pause or a frozen VM. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** {@code kill -CONT} after {@link #pause()}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + pid() + " failed");
        }
    }

    /** SIGTERM (graceful shutdown, JFR dumped on exit), then SIGKILL after a minute. */
    @Override
    public synchronized void close() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroy();
        try {
            if (!current.waitFor(60, TimeUnit.SECONDS)) {
                current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            current.destroyForcibly();
        }
        process = null;
    }

    @Override
    public String toString() {
        return name + " at " + url();
    }
}
