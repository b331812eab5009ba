package io.inlet.gateway.ingest;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.MessageChannel;
import org.springframework.stereotype.Component;

/**
 * Creates the NATS binder on a background thread at start-up, so that no request thread ever
 * does. The binder opens its connection while being created and, while NATS is unreachable, that
 * call does not return (jnats {@code connectReconnectOnConnect} retries on the calling thread); a
 * request that triggered it would hang. Until the binder exists requests get 503 at once, and the
 * {@code natsPublisher} health indicator reports DOWN.
 */
@Component("natsPublisher")
class NatsBinderWarmup implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(NatsBinderWarmup.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final BinderFactory binders;
    private volatile boolean ready;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile String problem = "starting";

    NatsBinderWarmup(BinderFactory binders) {
        this.binders = binders;
    }

    /** Whether the binder exists, i.e. publishes can be attempted without blocking on the first connect. */
    boolean ready() {
        return ready;
    }

    @Override
    public void start() {
        running = true;
        Thread warmup = new Thread(this::createBinder, "inlet-gateway-nats-binder-warmup");
        warmup.setDaemon(true);
        thread = warmup;
        warmup.start();
    }

    private void createBinder() {
        while (running && !ready) {
            try {
                binders.getBinder(null, MessageChannel.class);
                ready = true;
                problem = null;
                log.info("NATS binder ready: the gateway publishes to JetStream");
            } catch (RuntimeException e) {
                problem = e.getMessage();
                log.warn("NATS binder not available yet ({}); retrying in {}s", e.getMessage(), RETRY.toSeconds());
                LockSupport.parkNanos(RETRY.toNanos());
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread warmup = thread;
        if (warmup != null && warmup.isAlive()) {
            warmup.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public Health health() {
        return ready ? Health.up().build()
                : Health.down().withDetail("reason", "NATS binder not connected yet: " + problem).build();
    }
}
