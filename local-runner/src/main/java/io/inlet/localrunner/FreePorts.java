package io.inlet.localrunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports on 127.0.0.1. */
public final class FreePorts {

    private FreePorts() {
    }

    /** A port free right now (the OS picks it). */
    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code count} different ports, each free right now. The sockets stay open until all are found: the OS may hand
     * out a port it just released again, and two services started on one port meant a health check answered by the
     * other one (a bench run on 2026-12-03 started the consumer on the gateway's port).
     */
    public static List<Integer> find(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports.add(socket.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we opened: nothing to do
                }
            }
        }
    }

    /** {@code preferred} if nothing listens there, else a free one. */
    static int preferred(int preferred) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("0.0.0.0", preferred));
            return preferred;
        } catch (IOException e) {
            return find();
        }
    }
}
