package io.inlet.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A clustered JetStream on loopback: {@code size} nats-server processes ({@link NatsServerProcess}, so each node can
 * be killed with {@code kill -9} and started again on its port and store), named {@code n1..nN}, in the cluster
 * {@code inlet}, each routing to all the others. Clients connect with {@link #servers() every node's URL}.
 *
 * <p>Replicated streams can only be created once the nodes have elected their meta leader: {@link #awaitReady}
 * polls each node's monitoring endpoint until every node knows the leader and reports healthy.
 */
public final class NatsCluster implements AutoCloseable {

    public static final String NAME = "inlet";
    private static final Pattern META_LEADER = Pattern.compile("\"meta_cluster\"\\s*:\\s*\\{[^}]*\"leader\"\\s*:\\s*"
            + "\"([^\"]+)\"");
    private static final Duration POLL = Duration.ofMillis(100);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final List<NatsServerProcess> nodes;
    private final List<Integer> monitorPorts;

    private NatsCluster(List<NatsServerProcess> nodes, List<Integer> monitorPorts) {
        this.nodes = List.copyOf(nodes);
        this.monitorPorts = List.copyOf(monitorPorts);
    }

    /** Starts {@code size} nodes (stores and logs under {@code directory/n<i>}) and waits until JetStream is ready. */
    public static NatsCluster start(Path directory, int size, Duration readyWithin) {
        if (size < 3) {
            throw new IllegalArgumentException("a JetStream cluster needs at least 3 nodes for a quorum that "
                    + "survives one lost node, got " + size);
        }
        List<Integer> clientPorts = new ArrayList<>();
        List<Integer> routePorts = new ArrayList<>();
        List<Integer> monitorPorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            clientPorts.add(NatsServerProcess.freePort());
            routePorts.add(NatsServerProcess.freePort());
            monitorPorts.add(NatsServerProcess.freePort());
        }
        List<NatsServerProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                List<String> routes = new ArrayList<>();
                for (int j = 0; j < size; j++) {
                    if (j != i) {
                        routes.add("nats://127.0.0.1:" + routePorts.get(j));
                    }
                }
                nodes.add(NatsServerProcess.start(directory.resolve("n" + (i + 1)), clientPorts.get(i), List.of(
                        "--server_name", "n" + (i + 1),
                        "--cluster_name", NAME,
                        "--cluster", "nats://127.0.0.1:" + routePorts.get(i),
                        "--routes", String.join(",", routes),
                        "-m", String.valueOf(monitorPorts.get(i)))));
            }
            NatsCluster cluster = new NatsCluster(nodes, monitorPorts);
            cluster.awaitReady(readyWithin);
            return cluster;
        } catch (RuntimeException | Error e) {
            nodes.forEach(NatsServerProcess::close);
            throw e;
        }
    }

    public List<NatsServerProcess> nodes() {
        return nodes;
    }

    public NatsServerProcess node(int index) {
        return nodes.get(index);
    }

    /** Every node's URL, comma-separated: what a client (the binder's {@code servers}) is given. */
    public String servers() {
        return String.join(",", urls());
    }

    public List<String> urls() {
        return nodes.stream().map(NatsServerProcess::url).toList();
    }

    /**
     * Waits until every running node knows the meta leader and answers {@code /healthz} with 200 (JetStream current
     * with the meta leader and its streams); a node just restarted is ready once it caught up.
     */
    public void awaitReady(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            String last = notReady();
            if (last == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("NATS cluster not ready within " + within + ": " + last);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the NATS cluster", e);
            }
        }
    }

    /** The meta leader's server name as node {@code index} sees it, or null while there is none. */
    public String metaLeader(int index) {
        try {
            Matcher leader = META_LEADER.matcher(get(index, "/jsz").body());
            return leader.find() ? leader.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Why the cluster is not ready yet, or null when it is. */
    private String notReady() {
        for (int i = 0; i < nodes.size(); i++) {
            if (!nodes.get(i).isRunning()) {
                continue;
            }
            String name = "n" + (i + 1);
            if (metaLeader(i) == null) {
                return name + " knows no meta leader yet";
            }
            try {
                HttpResponse<String> health = get(i, "/healthz");
                if (health.statusCode() != 200) {
                    return name + " /healthz " + health.statusCode() + " " + health.body().trim();
                }
            } catch (IOException e) {
                return name + " /healthz: " + e.getMessage();
            }
        }
        return null;
    }

    private HttpResponse<String> get(int index, String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitorPorts.get(index) + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Every node stopped. */
    @Override
    public void close() {
        for (NatsServerProcess node : nodes) {
            node.close();
        }
    }

    @Override
    public String toString() {
        return "NATS cluster '" + NAME + "' of " + nodes.size() + " nodes " + urls();
    }
}
