package io.inlet.binder.properties;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the binder connects to NATS: {@code spring.cloud.stream.nats.binder.*}. Secrets (password,
 * token, key store passwords) are never logged; {@link #toString()} masks them.
 *
 * @param servers        NATS server URLs
 * @param connectionName the name this client shows in the server's monitoring
 * @param username       user for user/password authentication
 * @param password       password for user/password authentication
 * @param token          token authentication
 * @param credentialsFile a NATS {@code .creds} file (JWT + NKey seed)
 * @param tls            TLS settings
 * @param connectTimeout how long one connection attempt may take
 * @param maxReconnects  reconnect attempts before giving up; -1 for forever
 * @param reconnectWait  pause between reconnect attempts
 * @param reconnectBufferSize bytes buffered for publishes while reconnecting
 * @param apiTimeout     how long the binder's JetStream API requests may take (provisioning, stream and consumer
 *                       info, lag readings, health's account statistics, PubAcks of synchronous publishes)
 * @param pingInterval   how often the client PINGs the server while it receives nothing (jnats' default is 2 min);
 *                       a connection that misses {@code max-pings-out} PONGs in a row is dropped and re-established,
 *                       which is what frees a connection that reports CONNECTED but sends nothing any more
 * @param maxPingsOut    PINGs without PONG before the connection is considered dead
 * @param lagInterval    how often each consumer binding's pending, ack-pending and redelivered counts are read from
 *                       JetStream for the {@code inlet.binder.consumer.lag.*} gauges (one background thread); 0: never
 */
@ConfigurationProperties("spring.cloud.stream.nats.binder")
public record NatsBinderProperties(
        @DefaultValue("nats://127.0.0.1:4222") List<String> servers,
        String connectionName,
        String username,
        String password,
        String token,
        String credentialsFile,
        @DefaultValue Tls tls,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("-1") int maxReconnects,
        @DefaultValue("2s") Duration reconnectWait,
        @DefaultValue("8388608") long reconnectBufferSize,
        @DefaultValue("5s") Duration apiTimeout,
        @DefaultValue("10s") Duration pingInterval,
        @DefaultValue("2") int maxPingsOut,
        @DefaultValue("10s") Duration lagInterval) {

    /**
     * @param enabled            use TLS (the JVM's default trust store unless one is given)
     * @param truststorePath     a trust store for the server's certificate
     * @param truststorePassword its password
     * @param keystorePath       a key store for client certificate authentication
     * @param keystorePassword   its password
     */
    public record Tls(
            @DefaultValue("false") boolean enabled,
            String truststorePath,
            String truststorePassword,
            String keystorePath,
            String keystorePassword) {

        @Override
        public String toString() {
            return "Tls[enabled=" + enabled + ", truststorePath=" + truststorePath + ", keystorePath=" + keystorePath
                    + ", passwords=" + (truststorePassword != null || keystorePassword != null ? "****" : "none") + "]";
        }
    }

    @Override
    public String toString() {
        return "NatsBinderProperties[servers=" + servers + ", connectionName=" + connectionName + ", username="
                + username + ", password=" + mask(password) + ", token=" + mask(token) + ", credentialsFile="
                + credentialsFile + ", tls=" + tls + ", maxReconnects=" + maxReconnects + ", pingInterval=" + pingInterval
                + ", maxPingsOut=" + maxPingsOut + ", lagInterval=" + lagInterval + "]";
    }

    private static String mask(String secret) {
        return secret == null ? null : "****";
    }
}
