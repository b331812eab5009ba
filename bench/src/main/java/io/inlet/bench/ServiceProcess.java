package io.inlet.bench;

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
 * One JVM process (a service's runnable jar, or the trivial endpoint), so that its CPU and RSS can be read from
 * /proc. Properties are passed as {@code --name=value} arguments; output goes to {@code <logs>/<name>.log}.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final String url;
    final Path jfrFile;
    private final Process process;

    private ServiceProcess(String name, String url, Path jfrFile, Process process) {
        this.name = name;
        this.url = url;
        this.jfrFile = jfrFile;
        this.process = process;
    }

    /**
     * @param launch {@code -jar <jar>} or {@code -cp <cp> <main class>}
     */
    static ServiceProcess start(String name, List<String> launch, String jvmOpts, Map<String, String> properties,
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
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        // glibc gives busy threads malloc arenas of their own (up to 8 per core); two are plenty for a JVM whose
        // allocations are on its heap, and the unused rest of each arena counts as resident memory
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        Process process = builder.start();
        return new ServiceProcess(name, "http://127.0.0.1:" + port, jfr, process);
    }

    long pid() {
        return process.pid();
    }

    /** Waits until {@code path} answers 200 (the service is up and ready). */
    void awaitHealthy(String path, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see its log");
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
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
        throw new IllegalStateException(name + " not healthy at " + url + path + " within " + timeout + ": " + last);
    }

    /** SIGTERM (graceful shutdown, JFR dumped on exit), then SIGKILL after a minute. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
