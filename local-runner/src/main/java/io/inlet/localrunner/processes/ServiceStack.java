package io.inlet.localrunner.processes;

import io.inlet.localrunner.FreePorts;
import io.inlet.localrunner.InletService;
import io.inlet.localrunner.S3Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The five services as JVM processes of their own, started from their runnable jars
 * ({@code <module>/target/<module>-0.1.0-SNAPSHOT-exec.jar}, copied first: other builds may replace them meanwhile),
 * wired to one NATS, one S3 endpoint and one PostgreSQL database (each service in its own schema), each on a port
 * of its own. A service may run as several instances (same settings, own port); every service's properties can be
 * overridden or extended.
 */
public final class ServiceStack implements AutoCloseable {

    public static final String LAKE_BUCKET = "inlet-lake";
    public static final String ERROR_BUCKET = "inlet-error-lake";
    public static final String JAR_VERSION = "0.1.0-SNAPSHOT";

    private final Map<InletService, List<ServiceProcess>> processes;

    private ServiceStack(Map<InletService, List<ServiceProcess>> processes) {
        this.processes = processes;
    }

    public static Builder builder(Path repository, Path workDirectory) {
        return new Builder(repository, workDirectory);
    }

    /** The path that answers 200 once a service takes work (the gateway: readiness, so NATS is connected). */
    public static String healthPath(InletService service) {
        return service == InletService.GATEWAY ? "/actuator/health/readiness" : "/actuator/health";
    }

    /** The (first) instance of a service. */
    public ServiceProcess process(InletService service) {
        return processes.get(service).get(0);
    }

    public List<ServiceProcess> instances(InletService service) {
        return processes.get(service);
    }

    /** The first instance of each service, in start order. */
    public Map<InletService, ServiceProcess> byService() {
        Map<InletService, ServiceProcess> first = new EnumMap<>(InletService.class);
        processes.forEach((service, instances) -> first.put(service, instances.get(0)));
        return first;
    }

    /** Every instance, in start order. */
    public List<ServiceProcess> all() {
        List<ServiceProcess> all = new ArrayList<>();
        processes.values().forEach(all::addAll);
        return all;
    }

    /** Stops every instance gracefully, the last started first. */
    @Override
    public void close() {
        List<ServiceProcess> all = all();
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).close();
        }
    }

    public static final class Builder {

        private final Path repository;
        private final Path workDirectory;
        private final Map<InletService, Map<String, String>> overrides = new EnumMap<>(InletService.class);
        private final Map<InletService, Integer> instances = new EnumMap<>(InletService.class);
        private String natsUrl;
        private Map<String, String> s3Properties;
        private String database;
        private String adminToken;
        private String jvmOpts = "-Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=10000 -XX:MetaspaceSize=128m";
        private Path jfrDirectory;
        private Consumer<String> progress = message -> { };

        private Builder(Path repository, Path workDirectory) {
            this.repository = repository;
            this.workDirectory = workDirectory;
        }

        public Builder nats(String url) {
            this.natsUrl = url;
            return this;
        }

        /** S3 of both lakes; buckets {@link #LAKE_BUCKET} and {@link #ERROR_BUCKET}. */
        public Builder s3(S3Endpoint endpoint) {
            return s3(endpoint.lakeProperties());
        }

        /** S3 of both lakes as the lake's {@code inlet.lake.s3.*} properties (endpoint, region, keys). */
        public Builder s3(Map<String, String> lakeProperties) {
            this.s3Properties = Map.copyOf(lakeProperties);
            return this;
        }

        /** A database on {@link LocalDatabase}'s server. */
        public Builder database(String name) {
            this.database = name;
            return this;
        }

        /** The registry's and the gateway's admin token. */
        public Builder adminToken(String token) {
            this.adminToken = token;
            return this;
        }

        public Builder jvmOpts(String options) {
            this.jvmOpts = options;
            return this;
        }

        /** Record every process with JFR from its start; null (the default) for none. */
        public Builder jfr(Path directory) {
            this.jfrDirectory = directory;
            return this;
        }

        public Builder instances(InletService service, int count) {
            if (count < 1) {
                throw new IllegalArgumentException("at least one instance of " + service);
            }
            instances.put(service, count);
            return this;
        }

        /** Sets (or replaces) one property of a service. */
        public Builder property(InletService service, String name, String value) {
            overrides.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(name, value);
            return this;
        }

        public Builder progress(Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        /** Starts the registry, waits for it, starts the others and waits until every instance is healthy. */
        public ServiceStack start() throws Exception {
            Path logs = workDirectory.resolve("logs");
            Map<InletService, List<Integer>> ports = new EnumMap<>(InletService.class);
            int count = 0;
            for (InletService service : InletService.values()) {
                count += instances.getOrDefault(service, 1);
            }
            List<Integer> free = FreePorts.find(count);
            int next = 0;
            for (InletService service : InletService.values()) {
                List<Integer> servicePorts = new ArrayList<>();
                for (int i = 0; i < instances.getOrDefault(service, 1); i++) {
                    servicePorts.add(free.get(next++));
                }
                ports.put(service, servicePorts);
            }
            String registryUrl = "http://127.0.0.1:" + ports.get(InletService.SCHEMA_REGISTRY).get(0);
            Map<InletService, List<ServiceProcess>> started = new EnumMap<>(InletService.class);
            ServiceStack stack = new ServiceStack(started);
            try {
                for (InletService service : InletService.values()) {
                    Map<String, String> properties = properties(service, registryUrl);
                    properties.putAll(overrides.getOrDefault(service, Map.of()));
                    Path jar = copyOfJar(service);
                    List<Integer> servicePorts = ports.get(service);
                    List<ServiceProcess> list = new ArrayList<>();
                    started.put(service, list);
                    for (int i = 0; i < servicePorts.size(); i++) {
                        String name = servicePorts.size() == 1 ? service.module() : service.module() + "-" + (i + 1);
                        list.add(ServiceProcess.start(name, List.of("-jar", jar.toString()), jvmOpts, properties,
                                servicePorts.get(i), logs, jfrDirectory));
                    }
                    if (service == InletService.SCHEMA_REGISTRY) {
                        list.get(0).awaitHealthy(healthPath(service), Duration.ofMinutes(3));
                        progress.accept("  " + service.module() + " up");
                    }
                }
                for (InletService service : InletService.values()) {
                    for (ServiceProcess process : started.get(service)) {
                        process.awaitHealthy(healthPath(service), Duration.ofMinutes(4));
                        progress.accept("  " + process.name() + " up at " + process.url());
                    }
                }
                return stack;
            } catch (Exception | Error e) {
                stack.close();
                throw e;
            }
        }

        private Map<String, String> properties(InletService service, String registryUrl) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("spring.main.banner-mode", "off");
            if (service.usesDatabase()) {
                p.put("spring.datasource.url", LocalDatabase.SERVER + require(database, "database")
                        + "?currentSchema=" + service.databaseSchema());
                p.put("spring.datasource.username", LocalDatabase.USER);
                p.put("spring.datasource.password", "");
                p.put("spring.flyway.schemas", service.databaseSchema());
                p.put("spring.flyway.default-schema", service.databaseSchema());
            }
            switch (service) {
                case SCHEMA_REGISTRY -> p.put("inlet.registry.security.admin.token", require(adminToken, "adminToken"));
                case GATEWAY -> {
                    p.put("spring.cloud.stream.nats.binder.servers", require(natsUrl, "nats"));
                    p.put("inlet.registry.url", registryUrl);
                    p.put("inlet.gateway.auth.admin-token", adminToken);
                }
                case CONSUMER -> p.put("spring.cloud.stream.nats.binder.servers", require(natsUrl, "nats"));
                case PIPELINE -> {
                    p.put("spring.cloud.stream.nats.binder.servers", require(natsUrl, "nats"));
                    p.put("inlet.registry.url", registryUrl);
                }
                case LAKE -> {
                    p.put("spring.cloud.stream.nats.binder.servers", require(natsUrl, "nats"));
                    p.put("inlet.registry.url", registryUrl);
                    p.putAll(require(s3Properties, "s3"));
                    p.put("inlet.lake.s3.lake-bucket", LAKE_BUCKET);
                    p.put("inlet.lake.s3.error-bucket", ERROR_BUCKET);
                    p.put("inlet.lake.format.temp-directory", workDirectory.resolve("lake-tmp").toString());
                    // The lake API's admin token is the stack's admin token (it also reads).
                    p.put("inlet.lake.security.admin.token", require(adminToken, "adminToken"));
                }
                default -> throw new IllegalStateException(service.toString());
            }
            return p;
        }

        private Path copyOfJar(InletService service) throws java.io.IOException {
            Path jar = repository.resolve(service.module()).resolve("target")
                    .resolve(service.module() + "-" + JAR_VERSION + "-exec.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: mvn -B -q -o package -DskipTests");
            }
            Path copy = workDirectory.resolve("apps").resolve(jar.getFileName());
            Files.createDirectories(copy.getParent());
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        }

        private static <T> T require(T value, String what) {
            if (value == null) {
                throw new IllegalStateException("ServiceStack needs " + what);
            }
            return value;
        }
    }
}
