package io.inlet.e2e;

import io.inlet.localrunner.GatewayAdmin;
import io.inlet.localrunner.InletService;
import io.inlet.localrunner.InletStack;
import io.inlet.localrunner.NatsServer;
import io.inlet.localrunner.S3Endpoint;
import io.inlet.localrunner.ServiceJars;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.PostgresInstance;
import io.inlet.testsupport.S3Instance;
import io.inlet.testsupport.UniqueNames;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The five services from their runnable jars, started once per JVM (the local runner's launcher) on real
 * infrastructure, isolated by unique names: PostgreSQL schemas and S3 buckets of their own; NATS is a private
 * {@code nats-server} when one is on the PATH (the services' subjects and streams are fixed names), else the
 * shared test NATS with durable consumer groups of their own.
 *
 * <p>Tracing is on in every service, every trace sampled, exported over OTLP to {@link #traces}, a collector in the
 * test (so the end-to-end tests also run the traced path; the binder's tests cover tracing off).
 */
final class E2eStack {

    private static final Logger log = LoggerFactory.getLogger(E2eStack.class);
    private static E2eStack instance;

    final InletStack services;
    final S3Instance s3;
    final String natsUrl;
    final String lakeBucket;
    final String errorBucket;
    final String adminToken;
    final String apiKey;
    final OtlpTraceCollector traces;
    private final NatsServer privateNats;

    private E2eStack(InletStack services, S3Instance s3, String natsUrl, NatsServer privateNats, String lakeBucket,
                     String errorBucket, String adminToken, String apiKey, OtlpTraceCollector traces) {
        this.traces = traces;
        this.services = services;
        this.s3 = s3;
        this.natsUrl = natsUrl;
        this.privateNats = privateNats;
        this.lakeBucket = lakeBucket;
        this.errorBucket = errorBucket;
        this.adminToken = adminToken;
        this.apiKey = apiKey;
    }

    static synchronized E2eStack get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "e2e-stack-stop"));
        }
        return instance;
    }

    String url(InletService service) {
        return services.url(service);
    }

    /** A file of the shared fixtures (test resources under {@code /fixtures/}). */
    static String fixture(String name) {
        try (java.io.InputStream in = E2eStack.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static E2eStack start() {
        Path work = Path.of(System.getProperty("inlet.e2e.work.dir", "target/e2e")).toAbsolutePath();
        Path servicesDir = Path.of(System.getProperty("inlet.services.dir", "target/services")).toAbsolutePath();
        String run = UniqueNames.lowerToken("e2e");

        Map<InletService, Map<String, String>> overrides = new EnumMap<>(InletService.class);
        NatsServer privateNats = null;
        String natsUrl;
        Optional<Path> binary = NatsServer.findBinary(System.getenv());
        if (binary.isPresent()) {
            privateNats = NatsServer.start(binary.get(), work.resolve("nats-" + run), work.resolve("nats-" + run
                    + ".log"));
            natsUrl = privateNats.url();
        } else {
            natsUrl = Infrastructure.nats().url();
            log.warn("No nats-server on the PATH: end-to-end tests share {} and use durable groups of their own",
                    natsUrl);
            overrides.put(InletService.CONSUMER, Map.of("spring.cloud.stream.bindings.normalizeRaw-in-0.group",
                    run + "-consumer"));
            overrides.put(InletService.PIPELINE, Map.of("spring.cloud.stream.bindings.applySchemas-in-0.group",
                    run + "-pipeline"));
        }
        log.info("End-to-end NATS: {}", natsUrl);

        PostgresInstance postgres = Infrastructure.postgres();
        Map<InletService, Map<String, String>> databases = new EnumMap<>(InletService.class);
        for (InletService service : InletService.values()) {
            if (service.usesDatabase()) {
                databases.put(service, postgres.createSchema("e2e_" + service.databaseSchema()).springProperties());
            }
        }
        S3Instance s3 = Infrastructure.s3();
        String lakeBucket = s3.createBucket("e2e-lake");
        String errorBucket = s3.createBucket("e2e-error-lake");
        S3Endpoint endpoint = new S3Endpoint(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(), null,
                s3.origin(), () -> { });

        Map<String, String> lake = new LinkedHashMap<>();
        // Files within seconds: the tests wait for rows, not for the production roll interval.
        lake.put("inlet.lake.buffer.max-age", "2s");
        lake.put("inlet.lake.format.temp-directory", work.resolve("lake-tmp-" + run).toString());
        if (privateNats == null) {
            lake.put("spring.cloud.stream.bindings.lakeValid-in-0.group", run + "-lake-valid");
            lake.put("spring.cloud.stream.bindings.lakeErrors-in-0.group", run + "-lake-errors");
        }
        overrides.put(InletService.LAKE, lake);

        OtlpTraceCollector traces = OtlpTraceCollector.start();
        for (InletService service : InletService.values()) {
            Map<String, String> withTracing = new LinkedHashMap<>(overrides.getOrDefault(service, Map.of()));
            withTracing.put("management.tracing.export.enabled", "true");
            withTracing.put("management.tracing.sampling.probability", "1.0");
            withTracing.put("management.opentelemetry.tracing.export.otlp.endpoint", traces.endpoint());
            withTracing.put("management.opentelemetry.tracing.export.schedule-delay", "500ms");
            overrides.put(service, withTracing);
        }

        String adminToken = UniqueNames.lowerToken("admin");
        InletStack.Settings settings = new InletStack.Settings(
                new ServiceJars(List.of(servicesDir), work.resolve("apps")), work.resolve("logs-" + run),
                Map.of(), databases::get, natsUrl, endpoint, lakeBucket, errorBucket, adminToken, overrides);
        InletStack stack;
        try {
            stack = InletStack.start(settings, message -> log.info("{}", message));
        } catch (RuntimeException e) {
            closeQuietly(privateNats);
            traces.close();
            throw e;
        }
        String apiKey = GatewayAdmin.createApiKey(stack.url(InletService.GATEWAY), adminToken, "e2e", ">");
        return new E2eStack(stack, s3, natsUrl, privateNats, lakeBucket, errorBucket, adminToken, apiKey, traces);
    }

    private void stop() {
        try {
            services.close();
        } finally {
            closeQuietly(privateNats);
            traces.close();
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("stopping {} failed: {}", resource, e.toString());
        }
    }
}
