package io.inlet.binder.connection;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The binder's NATS connection, established on a thread of its own so that an application starts
 * while NATS is still unreachable: until the first connect succeeds, provisioning and publishing
 * fail at once with a clear message (Spring Cloud Stream retries bindings; senders see an error),
 * and health reports DOWN. After that jnats reconnects by itself.
 */
public class NatsConnectionProvider implements AutoCloseable {

    private static final Log log = LogFactory.getLog(NatsConnectionProvider.class);

    private final CompletableFuture<Connection> connection = new CompletableFuture<>();
    private final String servers;
    private final Thread connector;
    private volatile boolean closed;

    /**
     * Starts connecting and waits up to {@code initialWait} for the first connection, so that a
     * reachable NATS is connected before the bindings start.
     */
    public NatsConnectionProvider(Options options, String servers, Duration initialWait) {
        this.servers = servers;
        this.connector = new Thread(() -> connect(options), "nats-binder-connect");
        connector.setDaemon(true);
        connector.start();
        try {
            connection.get(initialWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("NATS at " + servers + " is not reachable yet; connecting in the background");
        } catch (ExecutionException e) {
            log.error("Cannot connect to NATS at " + servers + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void connect(Options options) {
        try {
            Connection established = Nats.connectReconnectOnConnect(options);
            if (closed) {
                established.close();
            } else {
                connection.complete(established);
            }
        } catch (InterruptedException e) {
            connection.completeExceptionally(new IllegalStateException("connecting to NATS was interrupted", e));
        } catch (Exception e) {
            connection.completeExceptionally(e);
        }
    }

    /**
     * The connection.
     *
     * @throws NatsNotConnectedException while NATS has not been reached yet
     * @throws IllegalStateException when connecting gave up
     */
    public Connection get() {
        if (!connection.isDone()) {
            throw new NatsNotConnectedException(servers);
        }
        try {
            return connection.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Cannot connect to NATS at " + servers + ": " + cause.getMessage(), cause);
        }
    }

    /** The connection once it was established, else empty. */
    public Optional<Connection> current() {
        return connection.isDone() && !connection.isCompletedExceptionally()
                ? Optional.of(connection.join()) : Optional.empty();
    }

    public String servers() {
        return servers;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        Optional<Connection> established = current();
        if (established.isPresent()) {
            established.get().close();
        } else {
            connector.interrupt();
        }
    }
}
