package io.inlet.localrunner;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -jar local-runner/target/inlet-local.jar}: the whole suite on this machine, state in {@code .local/}.
 * Uses the PostgreSQL, S3 and NATS it is pointed at (INLET_DB_URL, INLET_S3_ENDPOINT, INLET_NATS_URL) or finds
 * locally, starts what is missing, then the five services; Ctrl-C stops everything it started.
 */
public final class InletLocal {

    static final String LAKE_BUCKET = "inlet-lake";
    static final String ERROR_BUCKET = "inlet-error-lake";

    private final List<AutoCloseable> started = new ArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Path home = Path.of(env.getOrDefault("INLET_LOCAL_DIR", ".local")).toAbsolutePath().normalize();
        InletLocal runner = new InletLocal();
        Runtime.getRuntime().addShutdownHook(new Thread(runner::stop, "inlet-local-stop"));
        try {
            runner.run(env, home);
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("Inlet did not start: " + e.getMessage());
            System.err.println("Service logs: " + home.resolve("logs"));
            runner.stop();
            System.exit(1);
        }
    }

    void run(Map<String, String> env, Path home) {
        Path logs = home.resolve("logs");
        say("Inlet local run, state in " + home);
        ignoreInGit(home);
        PostgresServer postgres = keep(PostgresServer.resolve(env, home.resolve("postgres")));
        say("PostgreSQL  " + postgres);
        S3Endpoint s3 = keep(S3Endpoint.resolve(env, home.resolve("lake"), LAKE_BUCKET, ERROR_BUCKET));
        say("S3          " + s3);
        NatsServer nats = keep(NatsServer.resolve(env, home.resolve("nats"), logs.resolve("nats-server.log")));
        say("NATS        " + nats);
        String adminToken = secret(home.resolve("admin-token"));
        String lakeReaderToken = secret(home.resolve("lake-reader-token"));

        Map<InletService, Integer> ports = new EnumMap<>(InletService.class);
        for (InletService service : InletService.values()) {
            ports.put(service, FreePorts.preferred(service.defaultPort()));
        }
        Map<InletService, Map<String, String>> overrides = new EnumMap<>(InletService.class);
        // Files within seconds instead of the production default of 5 minutes.
        overrides.put(InletService.LAKE, Map.of("inlet.lake.buffer.max-age", "10s",
                "inlet.lake.format.temp-directory", home.resolve("tmp").toString(),
                "inlet.lake.security.reader.token", lakeReaderToken));
        InletStack.Settings settings = new InletStack.Settings(serviceJars(home), logs, ports,
                service -> postgres.springProperties(service.databaseSchema()), nats.url(), s3, LAKE_BUCKET,
                ERROR_BUCKET, adminToken, overrides);
        InletStack stack = keep(InletStack.start(settings, message -> say("  " + message)));

        String apiKey = GatewayAdmin.createApiKey(stack.url(InletService.GATEWAY), adminToken, "local-quickstart", ">");
        Path envFile = writeEnvFile(home, stack, adminToken, lakeReaderToken, apiKey, s3);
        System.out.println(Quickstart.text(stack, s3, envFile, logs, LAKE_BUCKET, ERROR_BUCKET));
    }

    private <T extends AutoCloseable> T keep(T resource) {
        started.add(resource);
        return resource;
    }

    /** Stops what this run started, newest first: the services, then NATS, S3Proxy, PostgreSQL. */
    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (!started.isEmpty()) {
            say("stopping ...");
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping " + started.get(i) + " failed: " + e.getMessage());
            }
        }
        started.clear();
    }

    private static ServiceJars serviceJars(Path home) {
        List<Path> directories = new ArrayList<>();
        try {
            Path codeSource = Path.of(InletLocal.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            directories.add(codeSource.getParent().resolve("services"));
            Path repository = codeSource.getParent().getParent().getParent();
            for (InletService service : InletService.values()) {
                directories.add(repository.resolve(service.module()).resolve("target"));
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Run from an unusual place: fall back to the working directory below.
        }
        for (InletService service : InletService.values()) {
            directories.add(Path.of(service.module(), "target").toAbsolutePath());
        }
        return new ServiceJars(directories, home.resolve("apps"));
    }

    /** A random token kept in {@code file} (owner-only), so that it stays the same from run to run. */
    private static String secret(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                String existing = Files.readString(file).trim();
                if (!existing.isEmpty()) {
                    return existing;
                }
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            Files.createDirectories(file.getParent());
            Files.writeString(file, token + "\n");
            restrict(file);
            return token;
        } catch (IOException e) {
            throw new IllegalStateException("Could not keep the admin token in " + file + ": " + e.getMessage(), e);
        }
    }

    private static Path writeEnvFile(Path home, InletStack stack, String adminToken, String lakeReaderToken,
                                     String apiKey, S3Endpoint s3) {
        Path file = home.resolve("env");
        StringBuilder text = new StringBuilder("# Written by the Inlet local runner: source it (. .local/env)\n");
        text.append("export INLET_GATEWAY=").append(stack.url(InletService.GATEWAY)).append('\n');
        text.append("export INLET_REGISTRY=").append(stack.url(InletService.SCHEMA_REGISTRY)).append('\n');
        text.append("export INLET_LAKE_API=").append(stack.url(InletService.LAKE)).append('\n');
        text.append("export INLET_ADMIN_TOKEN=").append(adminToken).append('\n');
        // The lake API (and the inlet CLI): reads need a reader or admin token, replays and dry runs the admin one.
        text.append("export INLET_LAKE_URL=").append(stack.url(InletService.LAKE)).append('\n');
        text.append("export INLET_LAKE_ADMIN_TOKEN=").append(adminToken).append('\n');
        text.append("export INLET_LAKE_READER_TOKEN=").append(lakeReaderToken).append('\n');
        text.append("export INLET_API_KEY=").append(apiKey).append('\n');
        if (s3.folder() != null) {
            text.append("export INLET_LAKE_DIR=").append(s3.folder()).append('\n');
        }
        try {
            Files.writeString(file, text.toString());
            restrict(file);
        } catch (IOException e) {
            throw new IllegalStateException("Could not write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Local state (data, tokens, logs) never belongs in a commit. */
    private static void ignoreInGit(Path home) {
        try {
            Files.createDirectories(home);
            Path ignore = home.resolve(".gitignore");
            if (!Files.exists(ignore)) {
                Files.writeString(ignore, "# Written by the Inlet local runner: everything here is local state.\n*\n");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write to " + home + ": " + e.getMessage(), e);
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: the file keeps the default permissions.
        }
    }

    private static void say(String message) {
        System.out.println("[inlet] " + message);
    }
}
