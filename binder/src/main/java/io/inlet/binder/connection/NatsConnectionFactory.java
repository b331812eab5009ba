package io.inlet.binder.connection;

import io.inlet.binder.properties.NatsBinderProperties;
import io.nats.client.ConnectionListener;
import io.nats.client.Options;
import java.security.NoSuchAlgorithmException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.StringUtils;

/**
 * Opens the binder's NATS connection from {@link NatsBinderProperties} (see
 * {@link NatsConnectionProvider} for how it behaves while NATS is unreachable).
 */
public final class NatsConnectionFactory {

    private static final Log log = LogFactory.getLog(NatsConnectionFactory.class);

    private NatsConnectionFactory() {
    }

    public static NatsConnectionProvider connect(NatsBinderProperties properties) {
        return new NatsConnectionProvider(options(properties), String.join(",", properties.servers()),
                properties.connectTimeout(), properties.apiTimeout());
    }

    static Options options(NatsBinderProperties properties) {
        Options.Builder builder = new Options.Builder()
                .servers(properties.servers().toArray(String[]::new))
                .connectionTimeout(properties.connectTimeout())
                .maxReconnects(properties.maxReconnects())
                .reconnectWait(properties.reconnectWait())
                .reconnectBufferSize(properties.reconnectBufferSize())
                .pingInterval(properties.pingInterval())
                .maxPingsOut(properties.maxPingsOut())
                .connectionListener(loggingListener());
        if (StringUtils.hasText(properties.connectionName())) {
            builder.connectionName(properties.connectionName());
        }
        if (StringUtils.hasText(properties.username())) {
            builder.userInfo(properties.username(), properties.password() == null ? "" : properties.password());
        }
        if (StringUtils.hasText(properties.token())) {
            builder.token(properties.token().toCharArray());
        }
        if (StringUtils.hasText(properties.credentialsFile())) {
            builder.credentialPath(properties.credentialsFile());
        }
        NatsBinderProperties.Tls tls = properties.tls();
        if (tls != null && tls.enabled()) {
            if (StringUtils.hasText(tls.truststorePath())) {
                builder.truststorePath(tls.truststorePath());
                if (tls.truststorePassword() != null) {
                    builder.truststorePassword(tls.truststorePassword().toCharArray());
                }
            }
            if (StringUtils.hasText(tls.keystorePath())) {
                builder.keystorePath(tls.keystorePath());
                if (tls.keystorePassword() != null) {
                    builder.keystorePassword(tls.keystorePassword().toCharArray());
                }
            }
            if (!StringUtils.hasText(tls.truststorePath()) && !StringUtils.hasText(tls.keystorePath())) {
                try {
                    builder.secure();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("TLS is not available in this JVM", e);
                }
            }
        }
        return builder.build();
    }

    private static ConnectionListener loggingListener() {
        return (connection, event) -> {
            switch (event) {
                case DISCONNECTED -> log.warn("NATS connection lost; reconnecting");
                case RECONNECTED -> log.info("NATS connection re-established to " + connection.getConnectedUrl());
                case CONNECTED -> log.info("Connected to NATS at " + connection.getConnectedUrl());
                case CLOSED -> log.info("NATS connection closed");
                default -> {
                }
            }
        };
    }
}
