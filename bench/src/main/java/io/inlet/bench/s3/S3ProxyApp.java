package io.inlet.bench.s3;

import com.sun.net.httpserver.HttpServer;
import io.inlet.localrunner.S3Endpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The lakes' S3 endpoint in a process of its own: the runner's S3Proxy over a folder, so that its work (the lake's
 * uploads) and its garbage collections are not inside the JVM whose load generator times the gateway, as a real
 * object store is not. Arguments, as {@code ServiceProcess} passes them: {@code --server.port} (answers
 * {@code GET /ready} with 200 once S3Proxy is up), {@code --s3.port}, {@code --s3.folder}, {@code --s3.buckets}
 * (comma-separated).
 */
public final class S3ProxyApp {

    private S3ProxyApp() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 2) {
                options.put(arg.substring(2, equals), arg.substring(equals + 1));
            }
        }
        S3Endpoint endpoint = S3Endpoint.onFolder(Path.of(required(options, "s3.folder")),
                Integer.parseInt(required(options, "s3.port")),
                Arrays.stream(required(options, "s3.buckets").split(",")).map(String::trim).toArray(String[]::new));
        HttpServer ready = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(required(options, "server.port"))), 0);
        ready.createContext("/ready", exchange -> {
            byte[] body = endpoint.endpoint().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ready.start();
        new CountDownLatch(1).await();
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + "=... is required");
        }
        return value;
    }
}
