package io.inlet.pipeline.it;

import static org.awaitility.Awaitility.await;

import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.IsolatedSchema;
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
 * The real schema-registry-service, started once per JVM from its executable jar (a test dependency)
 * as its own process, on a free port, with its own PostgreSQL schema. Tests talk HTTP to it.
 */
final class RegistryProcess {

    static final String ADMIN_TOKEN = "pipeline-it-admin";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RegistryProcess instance;

    private final IsolatedSchema database;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private RegistryProcess(IsolatedSchema database, int port) {
        this.database = database;
        this.port = port;
    }

    /** The registry shared by the ITs of this JVM. */
    static synchronized RegistryProcess get() {
        if (instance == null) {
            instance = dedicated();
        }
        return instance;
    }

    /** A registry of one test's own, which that test may stop and start again. */
    static RegistryProcess dedicated() {
        RegistryProcess registry = new RegistryProcess(
                Infrastructure.postgres().createSchema("pipeline_it_registry"), freePort());
        registry.start();
        return registry;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Registers a schema version under a subject; returns its global id. */
    long register(String subject, String schema) {
        ObjectNode body = JSON.createObjectNode().put("schema", schema).put("schemaType", "JSON");
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url() + "/subjects/" + subject + "/versions"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("register " + subject + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("id").asLong();
    }

    /** Replaces the pipeline steps of a subject ({@code {"steps": [...]}}); returns the new revision. */
    long putPipeline(String subject, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url() + "/subjects/" + subject + "/pipeline"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("pipeline " + subject + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("revision").asLong();
    }

    /** Stops the process: a registry outage until {@link #start()}. */
    void stop() {
        process.destroy();
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the process on this registry's port and database, and waits until it is healthy. */
    synchronized void start() {
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
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
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
        URL marker = RegistryProcess.class.getClassLoader()
                .getResource("META-INF/maven/io.inlet/schema-registry-service/pom.properties");
        if (marker == null || !marker.getProtocol().equals("jar")) {
            throw new IllegalStateException("schema-registry-service jar not on the test classpath: build it first "
                    + "(mvn -pl pipeline-service -am install -DskipITs), then run the ITs of pipeline-service");
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
