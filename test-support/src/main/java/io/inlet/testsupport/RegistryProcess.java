package io.inlet.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real schema-registry-service as its own process, started from its executable jar on a free port
 * with its own PostgreSQL schema; tests talk HTTP to it.
 *
 * <p>The jar is looked up on the caller's test classpath (by the {@code pom.properties} Maven packages
 * into it), so this module does not depend on the registry. A module using this class declares:
 * <pre>{@code
 * <dependency>
 *   <groupId>io.inlet</groupId>
 *   <artifactId>schema-registry-service</artifactId>
 *   <version>${project.version}</version>
 *   <classifier>exec</classifier>
 *   <scope>test</scope>
 *   <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>
 * </dependency>
 * }</pre>
 * The process ends with the JVM (a shutdown hook), or earlier by {@link #stop()}.
 */
public final class RegistryProcess {

    private static final String ADMIN_TOKEN = "it-registry-admin";
    private static final String JAR_MARKER = "META-INF/maven/io.inlet/schema-registry-service/pom.properties";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RegistryProcess shared;

    private final IsolatedSchema database;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Process process;

    private RegistryProcess(IsolatedSchema database, int port) {
        this.database = database;
        this.port = port;
        Runtime.getRuntime().addShutdownHook(new Thread(this::destroy, "registry-process-" + port + "-shutdown"));
    }

    /** The registry shared by the tests of this JVM; started on first use. Never stop it. */
    public static synchronized RegistryProcess get() {
        if (shared == null) {
            shared = dedicated();
        }
        return shared;
    }

    /** A started registry of one test's own, which that test may stop and start again. */
    public static RegistryProcess dedicated() {
        RegistryProcess registry = new RegistryProcess(Infrastructure.postgres().createSchema("it_registry"), freePort());
        registry.start();
        return registry;
    }

    /** Base URL, for {@code inlet.registry.url}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The bearer token of the registry's write API. */
    public String adminToken() {
        return ADMIN_TOKEN;
    }

    /** Registers a JSON schema version under a subject; returns its global id. */
    public long register(String subject, String schema) {
        ObjectNode body = JSON.createObjectNode().put("schema", schema).put("schemaType", "JSON");
        HttpResponse<String> response = send(write("/subjects/" + subject + "/versions",
                "application/vnd.schemaregistry.v1+json").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("register " + subject + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("id").asLong();
    }

    /** Replaces the pipeline steps of a subject ({@code {"steps": [...]}}); returns the new revision. */
    public long putPipeline(String subject, String body) {
        HttpResponse<String> response = send(write("/subjects/" + subject + "/pipeline", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("pipeline " + subject + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("revision").asLong();
    }

    /** Stops the process: a registry outage until {@link #start()}. */
    public void stop() {
        Process current = process;
        if (current != null) {
            current.destroy();
            await().atMost(Duration.ofSeconds(30)).until(() -> !current.isAlive());
        }
    }

    /** Starts the process on this registry's port and database, and waits until it is healthy. */
    public synchronized void start() {
        Path jar = registryJar();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--server.port=" + port,
                "--inlet.registry.security.admin.token=" + ADMIN_TOKEN));
        database.springProperties().forEach((key, value) -> command.add("--" + key + "=" + value));
        Path log = Path.of("target", "registry-it-" + port + ".log");
        try {
            Files.createDirectories(log.getParent());
            Process started = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            process = started;
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!started.isAlive()) {
                    throw new IllegalStateException("registry exited with " + started.exitValue() + ", see " + log);
                }
                return healthy();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the registry from " + jar, e);
        }
    }

    private void destroy() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroy();
        }
    }

    private HttpRequest.Builder write(String path, String contentType) {
        return HttpRequest.newBuilder(URI.create(url() + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", contentType);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean healthy() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The executable jar Maven put on the test classpath (found by the pom.properties packaged into it). */
    private static Path registryJar() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        URL marker = (loader != null ? loader : RegistryProcess.class.getClassLoader()).getResource(JAR_MARKER);
        if (marker == null || !marker.getProtocol().equals("jar")) {
            throw new IllegalStateException("schema-registry-service exec jar not on the test classpath: declare "
                    + "io.inlet:schema-registry-service:exec as a test dependency (all transitive dependencies "
                    + "excluded), build it first (mvn -pl schema-registry-service install -DskipTests), then run the ITs");
        }
        String file = marker.getPath();
        return Path.of(URI.create(file.substring(0, file.indexOf("!/"))));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
