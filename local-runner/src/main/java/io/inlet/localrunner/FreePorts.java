package io.inlet.localrunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

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
