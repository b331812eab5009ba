package io.inlet.lake.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy in front of a real server that a test can take down (every open connection is cut and new ones are
 * closed at once) and bring back, to simulate an outage of that server without touching the shared instance. It
 * can also cut one connection at the moment the client sends a given request ({@link #cutAtNextRequest}): after
 * forwarding it to the server (which then acts on it, but its answer never reaches the client) or instead of it.
 */
public final class ToggleableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean up = true;
    private volatile boolean closed;
    private final AtomicReference<Cut> armed = new AtomicReference<>();

    /** A message to cut at: the bytes it contains, and which way it travels. */
    private record Cut(byte[] marker, boolean towardsServer, CountDownLatch done) {
    }

    public ToggleableProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "toggleable-proxy-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void down() {
        up = false;
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    public void up() {
        up = true;
    }

    /**
     * Arms a cut of the connection whose client next sends a request containing {@code marker}: the request is
     * dropped and the connection closed, so the server never acts on it.
     *
     * @return counted down once the cut happened
     */
    public CountDownLatch cutAtNextRequest(String marker) {
        return arm(marker, true);
    }

    /**
     * Arms a cut of the connection on which the server next answers with bytes containing {@code marker} (e.g.
     * PostgreSQL's {@code CommandComplete} of a {@code COMMIT}): the server did what was asked, but the answer is
     * dropped and the connection closed, so the client cannot know.
     *
     * @return counted down once the cut happened
     */
    public CountDownLatch cutAtNextAnswer(String marker) {
        return arm(marker, false);
    }

    private CountDownLatch arm(String marker, boolean towardsServer) {
        Cut cut = new Cut(marker.getBytes(StandardCharsets.ISO_8859_1), towardsServer, new CountDownLatch(1));
        armed.set(cut);
        return cut.done();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (!up) {
                    closeQuietly(client);
                    continue;
                }
                Socket target = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(target);
                pipe(client, target, true);
                pipe(target, client, false);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean towardsServer) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    Cut cut = armed.get();
                    if (cut != null && cut.towardsServer() == towardsServer && contains(buffer, n, cut.marker())
                            && armed.compareAndSet(cut, null)) {
                        closeQuietly(from);
                        closeQuietly(to);
                        cut.done().countDown();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // connection cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "toggleable-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static boolean contains(byte[] buffer, int length, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buffer[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        down();
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
