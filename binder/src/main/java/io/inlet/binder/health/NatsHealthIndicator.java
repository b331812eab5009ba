package io.inlet.binder.health;

import io.nats.client.Connection;
import io.nats.client.api.AccountStatistics;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** UP when the connection is established and JetStream answers an account-info request. */
public class NatsHealthIndicator extends AbstractHealthIndicator {

    private final Connection connection;

    public NatsHealthIndicator(Connection connection) {
        super("NATS health check failed");
        this.connection = connection;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
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
