package io.inlet.lake.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the registry's Confluent read endpoint ({@code GET /subjects/{s}/versions/{v}}) and the pipeline of a
 * subject ({@code GET /subjects/{s}/pipeline}, no steps unless set, and each revision set under
 * {@code /pipeline/revisions/{n}}) from memory. The real
 * registry is a Spring Boot app whose repackaged jar cannot be a test dependency; the lake only reads this one
 * endpoint, whose shape the registry-client ITs pin against the real app.
 */
public final class TestRegistry implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Map<String, List<String>> versions = new ConcurrentHashMap<>();
    private final Map<String, Long> ids = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(100);
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> pipelines = new ConcurrentHashMap<>();
    private final Map<String, String> revisions = new ConcurrentHashMap<>();

    public TestRegistry() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/subjects/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            String[] parts = exchange.getRequestURI().getPath().split("/");
            // /subjects/{subject}/versions/{version}
            byte[] body;
            int status;
            if (parts.length == 6 && parts[3].equals("pipeline") && parts[4].equals("revisions")) {
                // GET /subjects/{subject}/pipeline/revisions/{revision}
                String pipeline = revisions.get(parts[2] + "#" + parts[5]);
                byte[] json = (pipeline != null ? pipeline : "{\"title\":\"Pipeline revision not found\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", pipeline != null ? "application/json"
                        : "application/problem+json");
                exchange.sendResponseHeaders(pipeline != null ? 200 : 404, json.length);
                exchange.getResponseBody().write(json);
                exchange.close();
                return;
            }
            if (parts.length == 4 && parts[3].equals("pipeline")) {
                // GET /subjects/{subject}/pipeline
                String pipeline = pipelines.getOrDefault(parts[2], "{\"subject\":\"" + parts[2]
                        + "\",\"revision\":0,\"steps\":[]}");
                byte[] json = pipeline.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, json.length);
                exchange.getResponseBody().write(json);
                exchange.close();
                return;
            }
            List<String> list = parts.length == 5 ? versions.get(parts[2]) : null;
            int version = list == null ? -1 : parts[4].equals("latest") ? list.size() : Integer.parseInt(parts[4]);
            if (list != null && version >= 1 && version <= list.size()) {
                status = 200;
                body = JSON.writeValueAsBytes(Map.of("subject", parts[2], "version", version,
                        "id", ids.get(parts[2] + "#" + version), "schemaType", "JSON",
                        "schema", list.get(version - 1)));
            } else {
                status = 404;
                body = JSON.writeValueAsBytes(Map.of("error_code", 40402, "message", "Version not found."));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** Registers the next version of a subject and returns its number. */
    public int register(String subject, String schema) {
        List<String> list = versions.computeIfAbsent(subject, s -> new CopyOnWriteArrayList<>());
        synchronized (list) {
            list.add(schema);
            ids.put(subject + "#" + list.size(), nextId.incrementAndGet());
            return list.size();
        }
    }

    /** Every request received, as {@code <method> <path>}, oldest first. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /**
     * Serves {@code GET /subjects/{subject}/pipeline} as {@code {"subject", "revision", "steps"}}, and keeps the
     * revision for {@code GET /subjects/{subject}/pipeline/revisions/{revision}}, as the registry does.
     */
    public void pipeline(String subject, long revision, String stepsJson) {
        String body = "{\"subject\":\"" + subject + "\",\"revision\":" + revision + ",\"steps\":" + stepsJson + "}";
        pipelines.put(subject, body);
        revisions.put(subject + "#" + revision, body);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
