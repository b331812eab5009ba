package io.inlet.localrunner;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    /**
     * The contract a stack relies on. Whether the OS repeats a just-released port depends on its network stack (this
     * machine's did so once in a bench run, and not in 500 picks in a row here), so the implementation holds every
     * socket open until all ports are found rather than trusting the OS.
     */
    @Test
    void portsForOneStackAreDistinct() {
        List<Integer> ports = FreePorts.find(500);

        assertThat(ports).hasSize(500).doesNotHaveDuplicates();
    }

    @Test
    void thePortsAreFreeOnceReturned() throws Exception {
        for (int port : FreePorts.find(5)) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
