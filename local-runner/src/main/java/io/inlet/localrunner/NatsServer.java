package io.inlet.localrunner;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * NATS with JetStream: {@code INLET_NATS_URL} if set; else the server on 127.0.0.1:4222 if it answers with
 * JetStream; else a {@code nats-server} from the PATH started with JetStream in a local folder; else a clear
 * error saying how to get one.
 */
public record NatsServer(String url, String origin, AutoCloseable stopper) implements AutoCloseable {

    static final String URL_VARIABLE = "INLET_NATS_URL";
    static final String LOCAL_URL = "nats://127.0.0.1:4222";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    /** Where package managers put nats-server outside a typical user's PATH (Debian: /usr/sbin). */
    static final List<String> DEFAULT_DIRECTORIES = List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin",
            "/opt/homebrew/bin");

    static NatsServer resolve(Map<String, String> env, Path storeDirectory, Path logFile) {
        return resolve(env, storeDirectory, logFile, LOCAL_URL, DEFAULT_DIRECTORIES);
    }

    static NatsServer resolve(Map<String, String> env, Path storeDirectory, Path logFile, String localUrl,
                              List<String> fallbackDirectories) {
        String configured = env.get(URL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            String problem = probe(configured);
            if (problem != null) {
                throw new IllegalStateException(URL_VARIABLE + "=" + configured + " does not answer with JetStream: "
                        + problem + ". Fix it, or unset it to use 127.0.0.1:4222 or a nats-server from the PATH.");
            }
            return new NatsServer(configured, "configured", () -> { });
        }
        String local = probe(localUrl);
        if (local == null) {
            return new NatsServer(localUrl, "local", () -> { });
        }
        Optional<Path> binary = findBinary(env, fallbackDirectories);
        if (binary.isEmpty()) {
            throw new IllegalStateException("""
                    No NATS server with JetStream.
                      Tried: %s (%s), and a nats-server on the PATH (none found).
                      Get one of these:
                        - install it and run this again: apt-get install -y nats-server   (or brew install nats-server,
                          or a binary from https://github.com/nats-io/nats-server/releases on the PATH)
                        - start one yourself: nats-server -js
                        - point to one: export %s=nats://host:4222   (a server started with -js)""".formatted(
                    localUrl, local, URL_VARIABLE));
        }
        return start(binary.get(), storeDirectory, logFile);
    }

    /** Starts {@code nats-server -js} on a free port with its JetStream store in {@code storeDirectory}. */
    public static NatsServer start(Path binary, Path storeDirectory, Path logFile) {
        int port = FreePorts.find();
        try {
            Files.createDirectories(storeDirectory);
            Files.createDirectories(logFile.getParent());
            List<String> command = new ArrayList<>(List.of(binary.toString(), "-a", "127.0.0.1", "-p",
                    String.valueOf(port), "-js", "-sd", storeDirectory.toAbsolutePath().toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            String url = "nats://127.0.0.1:" + port;
            Instant deadline = Instant.now().plusSeconds(30);
            String problem = "not started";
            while (Instant.now().isBefore(deadline) && process.isAlive()) {
                problem = probe(url);
                if (problem == null) {
                    return new NatsServer(url, "started " + binary + " -js -sd " + storeDirectory, () -> stop(process));
                }
                process.waitFor(200, TimeUnit.MILLISECONDS);
            }
            stop(process);
            throw new IllegalStateException("nats-server did not come up on " + url + " (" + problem + "); see "
                    + logFile);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting nats-server", e);
        }
    }

    /** {@code nats-server} on the PATH (or in /usr/sbin, where Debian puts it), or {@code INLET_NATS_SERVER_BIN}. */
    public static Optional<Path> findBinary(Map<String, String> env) {
        return findBinary(env, DEFAULT_DIRECTORIES);
    }

    static Optional<Path> findBinary(Map<String, String> env, List<String> fallbackDirectories) {
        String explicit = env.get("INLET_NATS_SERVER_BIN");
        if (explicit != null && Files.isExecutable(Path.of(explicit))) {
            return Optional.of(Path.of(explicit));
        }
        List<String> directories = new ArrayList<>(List.of(env.getOrDefault("PATH", "").split(File.pathSeparator)));
        directories.addAll(fallbackDirectories);
        for (String directory : directories) {
            if (directory.isBlank()) {
                continue;
            }
            Path candidate = Path.of(directory, "nats-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Null when a connection works and JetStream answers on it, else why not. */
    static String probe(String url) {
        Options options = Options.builder().server(url).connectionTimeout(PROBE_TIMEOUT).noReconnect().build();
        try (Connection connection = Nats.connect(options)) {
            connection.jetStreamManagement(JetStreamOptions.builder().requestTimeout(PROBE_TIMEOUT).build())
                    .getAccountStatistics();
            return null;
        } catch (JetStreamApiException e) {
            return "connected, but JetStream did not answer (started without -js?): " + e.getMessage();
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws Exception {
        stopper.close();
    }

    @Override
    public String toString() {
        return url + " (" + origin + ")";
    }
}
