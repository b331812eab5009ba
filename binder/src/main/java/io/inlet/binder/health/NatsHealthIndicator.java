package io.inlet.binder.health;

import io.inlet.binder.connection.NatsConnectionProvider;
import io.inlet.binder.inbound.ConsumerStatus;
import io.inlet.binder.inbound.ConsumerStatuses;
import io.nats.client.Connection;
import io.nats.client.api.AccountStatistics;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP when the connection is established, JetStream answers an account-info request and no consumer binding is
 * unable to consume. Each consumer binding is a detail under {@code bindings}: its state (CONSUMING, STALLED,
 * RESUBSCRIBING, …) and since when, why, its last delivery and how often it resubscribed. A binding that is STALLED,
 * or RESUBSCRIBING for longer than its {@code stall-timeout}, makes the binder DOWN.
 */
public class NatsHealthIndicator extends AbstractHealthIndicator {

    private final NatsConnectionProvider provider;
    private final ConsumerStatuses consumers;

    public NatsHealthIndicator(NatsConnectionProvider provider, ConsumerStatuses consumers) {
        super("NATS health check failed");
        this.provider = provider;
        this.consumers = consumers;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        builder.withDetail("servers", provider.servers());
        boolean bindingsHealthy = withBindings(builder);
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
        AccountStatistics account = provider.management().getAccountStatistics();
        builder.withDetail("streams", account.getStreams()).withDetail("consumers", account.getConsumers());
        if (bindingsHealthy) {
            builder.up();
        } else {
            builder.down();
        }
    }

    /** Adds a detail per consumer binding; whether none of them is unhealthy. */
    private boolean withBindings(Health.Builder builder) {
        Map<String, Object> bindings = new LinkedHashMap<>();
        boolean healthy = true;
        for (ConsumerStatus status : consumers.all().stream()
                .sorted(Comparator.comparing(ConsumerStatus::binding)).toList()) {
            ConsumerStatus.Snapshot snapshot = status.snapshot();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", snapshot.state().name());
            detail.put("since", snapshot.since().toString());
            if (snapshot.reason() != null) {
                detail.put("reason", snapshot.reason());
            }
            detail.put("stream", snapshot.stream());
            detail.put("consumer", snapshot.consumer());
            detail.put("lastDelivery", snapshot.lastDelivery().toString());
            detail.put("lastDeliveryAge", snapshot.lastDeliveryAge().toString());
            detail.put("resubscribes", snapshot.resubscribes());
            bindings.put(snapshot.binding(), detail);
            healthy &= !snapshot.unhealthy();
        }
        if (!bindings.isEmpty()) {
            builder.withDetail("bindings", bindings);
        }
        return healthy;
    }
}
