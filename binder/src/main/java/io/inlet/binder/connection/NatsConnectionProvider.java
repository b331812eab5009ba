package io.inlet.binder.connection;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.support.Status;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The binder's NATS connection, established on a thread of its own so that an application starts
 * while NATS is still unreachable: until the first connect succeeds, provisioning and publishing
 * fail at once with a clear message (Spring Cloud Stream retries bindings; senders see an error),
 * and health reports DOWN. After that jnats reconnects by itself; {@link #reconnects()} counts its reconnects, so
 * that consumers can renew their subscriptions after each one, and {@link #recoverIfUnresponsive(String)} drops a
 * connection that reports CONNECTED but no longer answers. {@link #jetStream()} and {@link #management()} are the
 * binder's only JetStream contexts: their requests (PubAcks of synchronous publishes, stream and consumer info,
 * provisioning) time out after the binder's {@code api-timeout}.
 */
public class NatsConnectionProvider implements AutoCloseable {

    private static final Log log = LogFactory.getLog(NatsConnectionProvider.class);
    /** Forced reconnects are at least this far apart, however many bindings find the connection unresponsive. */
    private static final Duration FORCED_RECONNECT_SPACING = Duration.ofSeconds(5);

    private final CompletableFuture<Connection> connection = new CompletableFuture<>();
    private final String servers;
    private final Duration responseTimeout;
    private final JetStreamOptions jetStreamOptions;
    private final Thread connector;
    private final AtomicLong reconnects = new AtomicLong();
    private final ReentrantLock recovery = new ReentrantLock();
    private volatile long lastForcedReconnectNanos = System.nanoTime() - FORCED_RECONNECT_SPACING.toNanos();
    private volatile boolean closed;

    /**
     * Starts connecting and waits up to {@code initialWait} for the first connection, so that a
     * reachable NATS is connected before the bindings start. {@code initialWait} is also how long
     * {@link #recoverIfUnresponsive(String)} waits for a PONG.
     */
    public NatsConnectionProvider(Options options, String servers, Duration initialWait) {
        this(options, servers, initialWait, initialWait);
    }

    /**
     * As {@link #NatsConnectionProvider(Options, String, Duration)}, with JetStream API requests timing out after
     * {@code apiTimeout}.
     */
    public NatsConnectionProvider(Options options, String servers, Duration initialWait, Duration apiTimeout) {
        this.servers = servers;
        this.responseTimeout = initialWait;
        this.jetStreamOptions = JetStreamOptions.builder().requestTimeout(apiTimeout).build();
        Options counted = new Options.Builder(options)
                .connectionListener(countingReconnects(options.getConnectionListener()))
                .errorListener(refusingCredentials(options.getErrorListener(), options.getUsername()))
                .build();
        this.connector = new Thread(() -> connect(counted), "nats-binder-connect");
        connector.setDaemon(true);
        connector.start();
        try {
            connection.get(initialWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("NATS at " + servers + " is not reachable yet; connecting in the background");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NatsCredentialsRefusedException refused) {
                throw refused;
            }
            log.error("Cannot connect to NATS at " + servers + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A server that refuses the credentials refuses them on every retry: the first connect gives up at once (the
     * application does not start, see the constructor) instead of retrying forever. The server's error text names no
     * secret; the exception adds only the user name. Once connected, a refusal on a reconnect is left to jnats'
     * reconnect loop (credentials may be rotated on the server meanwhile).
     */
    private ErrorListener refusingCredentials(ErrorListener delegate, String user) {
        ErrorListener next = delegate != null ? delegate : new ErrorListener() {
        };
        return new ErrorListener() {
            @Override
            public void errorOccurred(Connection conn, String error) {
                if (!connection.isDone() && isAuthenticationError(error)) {
                    connection.completeExceptionally(new NatsCredentialsRefusedException(servers, user, error));
                    connector.interrupt();
                }
                next.errorOccurred(conn, error);
            }

            @Override
            public void exceptionOccurred(Connection conn, Exception exception) {
                next.exceptionOccurred(conn, exception);
            }

            @Override
            public void slowConsumerDetected(Connection conn, Consumer consumer) {
                next.slowConsumerDetected(conn, consumer);
            }

            @Override
            public void messageDiscarded(Connection conn, Message msg) {
                next.messageDiscarded(conn, msg);
            }

            @Override
            public void heartbeatAlarm(Connection conn, JetStreamSubscription sub, long lastStreamSequence,
                    long lastConsumerSequence) {
                next.heartbeatAlarm(conn, sub, lastStreamSequence, lastConsumerSequence);
            }

            @Override
            public void unhandledStatus(Connection conn, JetStreamSubscription sub, Status status) {
                next.unhandledStatus(conn, sub, status);
            }

            @Override
            public void pullStatusWarning(Connection conn, JetStreamSubscription sub, Status status) {
                next.pullStatusWarning(conn, sub, status);
            }

            @Override
            public void pullStatusError(Connection conn, JetStreamSubscription sub, Status status) {
                next.pullStatusError(conn, sub, status);
            }

            @Override
            public void flowControlProcessed(Connection conn, JetStreamSubscription sub, String subject,
                    FlowControlSource source) {
                next.flowControlProcessed(conn, sub, subject, source);
            }

            @Override
            public void socketWriteTimeout(Connection conn) {
                next.socketWriteTimeout(conn);
            }
        };
    }

    private static boolean isAuthenticationError(String error) {
        String text = error == null ? "" : error.toLowerCase(java.util.Locale.ROOT);
        return text.contains("authorization violation") || text.contains("user authentication")
                || text.contains("authentication expired") || text.contains("authentication revoked");
    }

    private void connect(Options options) {
        try {
            Connection established = Nats.connectReconnectOnConnect(options);
            if (closed || connection.isCompletedExceptionally()) {
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

    /**
     * A JetStream context on the connection whose requests time out after the binder's api-timeout.
     *
     * @throws NatsNotConnectedException while NATS has not been reached yet
     */
    public JetStream jetStream() {
        try {
            return get().jetStream(jetStreamOptions);
        } catch (IOException e) {
            throw new IllegalStateException("JetStream is not available at " + servers + ": " + e.getMessage(), e);
        }
    }

    /**
     * A JetStream management context on the connection whose requests time out after the binder's api-timeout.
     *
     * @throws NatsNotConnectedException while NATS has not been reached yet
     */
    public JetStreamManagement management() {
        try {
            return get().jetStreamManagement(jetStreamOptions);
        } catch (IOException e) {
            throw new IllegalStateException("JetStream is not available at " + servers + ": " + e.getMessage(), e);
        }
    }

    /** How long JetStream API requests through {@link #jetStream()} and {@link #management()} may take. */
    public Duration apiTimeout() {
        return jetStreamOptions.getRequestTimeout();
    }

    /** The connection once it was established, else empty. */
    public Optional<Connection> current() {
        return connection.isDone() && !connection.isCompletedExceptionally()
                ? Optional.of(connection.join()) : Optional.empty();
    }

    public String servers() {
        return servers;
    }

    /**
     * How often jnats re-established the connection so far. A consumer compares it with the count at the time it
     * subscribed and subscribes anew when it changed: a subscription that jnats carried over a reconnect is not
     * trusted to still deliver.
     */
    public long reconnects() {
        return reconnects.get();
    }

    /**
     * For a caller whose JetStream request timed out although the connection reports CONNECTED: checks with a
     * PING whether the connection still answers, and forces a reconnect when it does not. jnats 2.25.1 can leave
     * a connection in that state after a reconnect that follows quickly on another (nats-io/nats.java#1522): it
     * writes nothing any more, so every pull, ack, publish and request of the binder goes unanswered until the
     * connection is dropped. Concurrent callers check once; forced reconnects are at least
     * 5 s apart.
     *
     * @param context what timed out, for the log
     * @return whether a reconnect was forced
     */
    public boolean recoverIfUnresponsive(String context) {
        Connection established = current().orElse(null);
        if (established == null || established.getStatus() != Connection.Status.CONNECTED
                || System.nanoTime() - lastForcedReconnectNanos < FORCED_RECONNECT_SPACING.toNanos()
                || !recovery.tryLock()) {
            return false;
        }
        try {
            try {
                established.flush(responseTimeout);
                return false;
            } catch (TimeoutException e) {
                if (established.getStatus() != Connection.Status.CONNECTED) {
                    return false;
                }
            }
            log.warn("The NATS connection to " + established.getConnectedUrl() + " reports CONNECTED but did not answer "
                    + "a PING within " + responseTimeout + " (" + context + "); forcing a reconnect");
            lastForcedReconnectNanos = System.nanoTime();
            established.forceReconnect();
            return true;
        } catch (IOException e) {
            log.warn("Forcing a reconnect to NATS at " + servers + " failed: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            recovery.unlock();
        }
    }

    private ConnectionListener countingReconnects(ConnectionListener delegate) {
        return (connection, event) -> {
            if (event == ConnectionListener.Events.RECONNECTED) {
                reconnects.incrementAndGet();
            }
            if (delegate != null) {
                delegate.connectionEvent(connection, event);
            }
        };
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
