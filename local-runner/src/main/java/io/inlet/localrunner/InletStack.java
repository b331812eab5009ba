package io.inlet.localrunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The five services started in this JVM against given infrastructure, each in its own class loader; the
 * registry first (the others read schemas from it). Used by the local runner and the end-to-end tests.
 */
public final class InletStack implements AutoCloseable {

    /** Stop order: intake first, the lake (which flushes its buffers) last but before the registry it reads. */
    private static final List<InletService> STOP_ORDER = List.of(InletService.GATEWAY, InletService.CONSUMER,
            InletService.PIPELINE, InletService.LAKE, InletService.SCHEMA_REGISTRY);

    /**
     * @param jars        where the services' runnable jars are
     * @param logDirectory each service logs to {@code <module>.log} there; the console only gets warnings
     * @param ports       port per service; 0 (or absent) for any free port
     * @param database    spring.datasource / flyway properties per service that uses PostgreSQL
     * @param natsUrl     NATS with JetStream
     * @param s3          the S3 endpoint of both lakes
     * @param lakeBucket  data lake bucket
     * @param errorBucket error lake bucket
     * @param adminToken  admin token of the registry, of the gateway's API key admin API and of the lake API
     * @param overrides   more properties per service (win over everything above)
     */
    public record Settings(ServiceJars jars, Path logDirectory, Map<InletService, Integer> ports,
                           Function<InletService, Map<String, String>> database, String natsUrl, S3Endpoint s3,
                           String lakeBucket, String errorBucket, String adminToken,
                           Map<InletService, Map<String, String>> overrides) {
    }

    private final Map<InletService, IsolatedSpringApp> apps;

    private InletStack(Map<InletService, IsolatedSpringApp> apps) {
        this.apps = apps;
    }

    /** Starts all five, in order; if one fails, the ones already started are stopped and the failure thrown. */
    public static InletStack start(Settings settings, Consumer<String> progress) {
        Map<InletService, IsolatedSpringApp> started = new EnumMap<>(InletService.class);
        InletStack stack = new InletStack(started);
        try {
            for (InletService service : InletService.values()) {
                progress.accept("starting " + service.module() + " ...");
                ServiceJars.UnpackedService unpacked = settings.jars().unpack(service);
                IsolatedSpringApp app = IsolatedSpringApp.start(unpacked, properties(settings, service, started));
                started.put(service, app);
                progress.accept(service.module() + " is up on " + app.url());
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    static Map<String, String> properties(Settings settings, InletService service,
                                          Map<InletService, IsolatedSpringApp> started) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("server.port", String.valueOf(settings.ports().getOrDefault(service, 0)));
        p.put("spring.main.banner-mode", "off");
        p.put("logging.file.name", settings.logDirectory().resolve(service.module() + ".log").toString());
        p.put("logging.threshold.console", "WARN");
        p.put("logging.register-shutdown-hook", "false");
        if (service.usesDatabase()) {
            p.putAll(settings.database().apply(service));
        }
        String registryUrl = started.containsKey(InletService.SCHEMA_REGISTRY)
                ? started.get(InletService.SCHEMA_REGISTRY).url() : null;
        switch (service) {
            case SCHEMA_REGISTRY -> p.put("inlet.registry.security.admin.token", settings.adminToken());
            case GATEWAY -> {
                p.put("spring.cloud.stream.nats.binder.servers", settings.natsUrl());
                p.put("inlet.registry.url", registryUrl);
                p.put("inlet.gateway.auth.admin-token", settings.adminToken());
            }
            case CONSUMER -> p.put("spring.cloud.stream.nats.binder.servers", settings.natsUrl());
            case PIPELINE -> {
                p.put("spring.cloud.stream.nats.binder.servers", settings.natsUrl());
                p.put("inlet.registry.url", registryUrl);
            }
            case LAKE -> {
                p.put("spring.cloud.stream.nats.binder.servers", settings.natsUrl());
                p.put("inlet.registry.url", registryUrl);
                p.putAll(settings.s3().lakeProperties());
                p.put("inlet.lake.s3.lake-bucket", settings.lakeBucket());
                p.put("inlet.lake.s3.error-bucket", settings.errorBucket());
                // The lake API's admin token is the stack's admin token (it also reads); a reader token via overrides.
                p.put("inlet.lake.security.admin.token", settings.adminToken());
            }
            default -> throw new IllegalStateException("unknown service " + service);
        }
        p.putAll(settings.overrides().getOrDefault(service, Map.of()));
        return p;
    }

    public IsolatedSpringApp app(InletService service) {
        IsolatedSpringApp app = apps.get(service);
        if (app == null) {
            throw new IllegalStateException(service.module() + " is not running");
        }
        return app;
    }

    public String url(InletService service) {
        return app(service).url();
    }

    public Map<InletService, IsolatedSpringApp> apps() {
        return Collections.unmodifiableMap(apps);
    }

    /** Stops the services that run, intake first; a failing stop does not keep the others running. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (InletService service : STOP_ORDER) {
            IsolatedSpringApp app = apps.remove(service);
            if (app != null) {
                try {
                    app.close();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("stopping the services failed");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }
}
