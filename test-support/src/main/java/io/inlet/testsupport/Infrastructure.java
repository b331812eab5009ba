package io.inlet.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL, NATS JetStream and S3 for integration tests, resolved once per JVM and shared.
 *
 * <p>Each service comes from the first source that works: {@code INLET_TEST_*} env vars, then the local
 * service on its default port, then Testcontainers (S3: an S3Proxy in this JVM instead of the last two).
 * When none works, the call throws an {@link IllegalStateException} that says how to provide the service:
 * a test must never pass by skipping.
 */
public final class Infrastructure {

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);
    private static final ContainerRuntime CONTAINERS = new TestcontainersRuntime();

    private static final Memoized<PostgresInstance> POSTGRES = new Memoized<>(() -> announced("PostgreSQL",
            new PostgresResolver(Environment.system(), new JdbcPostgresProbe(), CONTAINERS).resolve()));
    private static final Memoized<NatsInstance> NATS = new Memoized<>(() -> announced("NATS",
            new NatsResolver(Environment.system(), new JetStreamProbe(), CONTAINERS).resolve()));
    private static final Memoized<S3Instance> S3 = new Memoized<>(() -> announced("S3",
            new S3Resolver(Environment.system(), InProcessS3Proxy::start).resolve()));

    private Infrastructure() {
    }

    public static PostgresInstance postgres() {
        return POSTGRES.get();
    }

    public static NatsInstance nats() {
        return NATS.get();
    }

    public static S3Instance s3() {
        return S3.get();
    }

    // Logged once per service so a CI log shows which infrastructure the tests actually ran against.
    private static <T> T announced(String service, T instance) {
        log.info("Integration tests use {}: {}", service, instance);
        return instance;
    }
}
