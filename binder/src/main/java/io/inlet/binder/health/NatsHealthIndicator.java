package io.inlet.binder.health;

import io.inlet.binder.connection.NatsConnectionProvider;
import io.nats.client.Connection;
import io.nats.client.api.AccountStatistics;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** UP when the connection is established and JetStream answers an account-info request. */
public class NatsHealthIndicator extends AbstractHealthIndicator {

    private final NatsConnectionProvider provider;

    public NatsHealthIndicator(NatsConnectionProvider provider) {
        super("NATS health check failed");
        this.provider = provider;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        builder.withDetail("servers", provider.servers());
        Connection connection = provider.current().orElse(null);
        if (connection == null) {
            builder.down().withDetail("status", "CONNECTING");
            return;
        }
        Connection.Status status = connection.getStatus();
        builder.withDetail("status", status.name());
        if (status != Connection.Status.CONNECTED) {
            builder.down();
            return;
        }
        builder.withDetail("server", connection.getConnectedUrl());
        AccountStatistics account = connection.jetStreamManagement().getAccountStatistics();
        builder.up().withDetail("streams", account.getStreams()).withDetail("consumers", account.getConsumers());
    }
}
