package io.inlet.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
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
 * A private {@code nats-server -js} for tests that must kill NATS: it runs as its own process on a fixed port with
 * its JetStream store in a folder of the test's, so it can be killed ({@code kill -9}) and started again on the
 * same port and the same store, as an operator's restart would. Clients reconnect to the same URL.
 *
 * <p>The binary: {@code INLET_NATS_SERVER_BIN}, else {@code nats-server} on the PATH, else Debian's
 * {@code /usr/sbin/nats-server}; a clear error when there is none.
 */
public final class NatsServerProcess implements AutoCloseable {

    private static final List<String> DEFAULT_DIRECTORIES = List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path binary;
    private final int port;
    private final Path storeDirectory;
    private final Path logFile;
    private final List<String> extraArguments;
    private final Map<String, String> environment;
    private volatile Process process;

    private NatsServerProcess(Path binary, int port, Path storeDirectory, Path logFile, List<String> extraArguments,
                              Map<String, String> environment) {
        this.binary = binary;
        this.port = port;
        this.storeDirectory = storeDirectory;
        this.logFile = logFile;
        this.extraArguments = List.copyOf(extraArguments);
        this.environment = Map.copyOf(environment);
    }

    /** Starts a server on a free port, its store in {@code directory/store}, its log in {@code directory/nats.log}. */
    public static NatsServerProcess start(Path directory, String... extraArguments) {
        return start(directory, Map.of(), extraArguments);
    }

    /**
     * Like {@link #start(Path, String...)} with variables in the server's environment: a configuration file
     * ({@code -c}) can refer to them ({@code password: $NAME}), as the shipped docker/nats/nats.conf does.
     */
    public static NatsServerProcess start(Path directory, Map<String, String> environment, String... extraArguments) {
        NatsServerProcess server = new NatsServerProcess(findBinary(System.getenv()), freePort(),
                directory.resolve("store"), directory.resolve("nats.log"), List.of(extraArguments), environment);
        server.start();
        return server;
    }

    /** Like {@link #start(Path, String...)} on a port the caller chose (a cluster's nodes know each other's ports). */
    static NatsServerProcess start(Path directory, int port, List<String> extraArguments) {
        NatsServerProcess server = new NatsServerProcess(findBinary(System.getenv()), port,
                directory.resolve("store"), directory.resolve("nats.log"), extraArguments, Map.of());
        server.start();
        return server;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The server's process id, for tests that signal it themselves (SIGSTOP, SIGCONT). */
    public long pid() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            throw new IllegalStateException("nats-server on " + url() + " is not running");
        }
        return current.pid();
    }

    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Starts the server (again) on the same port and store; returns once it accepts connections. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            Files.createDirectories(storeDirectory);
            Files.createDirectories(logFile.getParent());
            List<String> command = new ArrayList<>(List.of(binary.toString(), "-a", "127.0.0.1", "-p",
                    String.valueOf(port), "-js", "-sd", storeDirectory.toAbsolutePath().toString()));
            command.addAll(extraArguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            Process started = builder.start();
            process = started;
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                if (!started.isAlive()) {
                    throw new IllegalStateException("nats-server exited with " + started.exitValue() + " at start; see "
                            + logFile);
                }
                if (accepts()) {
                    return;
                }
                started.waitFor(50, TimeUnit.MILLISECONDS);
            }
            started.destroyForcibly();
            throw new IllegalStateException("nats-server did not accept connections on " + url() + " within "
                    + START_TIMEOUT + "; see " + logFile);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting nats-server", e);
        }
    }

    /** {@code kill -9}: no flush, no goodbye to clients; the store keeps what was synced. */
    public synchronized void kill() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroyForcibly();
        try {
            current.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Killed and started again on the same port and store. */
    public void restart() {
        kill();
        start();
    }

    @Override
    public synchronized void close() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroy();
        try {
            if (!current.waitFor(10, TimeUnit.SECONDS)) {
                current.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            current.destroyForcibly();
        }
        process = null;
    }

    @Override
    public String toString() {
        return "nats-server " + url() + " (store " + storeDirectory + ")";
    }

    private boolean accepts() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Path findBinary(Map<String, String> env) {
        return binary(env).orElseThrow(() -> new IllegalStateException("No nats-server binary: set "
                + "INLET_NATS_SERVER_BIN, put nats-server on the PATH, or install it: apt-get install -y nats-server"));
    }

    static Optional<Path> binary(Map<String, String> env) {
        String explicit = env.get("INLET_NATS_SERVER_BIN");
        if (explicit != null && Files.isExecutable(Path.of(explicit))) {
            return Optional.of(Path.of(explicit));
        }
        List<String> directories = new ArrayList<>(List.of(env.getOrDefault("PATH", "").split(File.pathSeparator)));
        directories.addAll(DEFAULT_DIRECTORIES);
        for (String directory : directories) {
            if (!directory.isBlank() && Files.isExecutable(Path.of(directory, "nats-server"))) {
                return Optional.of(Path.of(directory, "nats-server"));
            }
        }
        return Optional.empty();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
        }
    }
}
