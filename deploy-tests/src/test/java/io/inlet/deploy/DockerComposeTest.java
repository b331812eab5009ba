package io.inlet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml checked against what the services really are: their ports (application.yml), the
 * configuration properties they bind (metadata in their jars), and the infrastructure their libraries need.
 */
class DockerComposeTest {

    private static final Pattern EXPOSE = Pattern.compile("(?m)^EXPOSE\\s+(\\d+)");
    private static final Pattern HEALTH_URL = Pattern.compile("http://(?:localhost|127\\.0\\.0\\.1):(\\d+)(/\\S*)");

    private static Map<String, Object> services;
    private static Map<String, Object> volumes;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parseCompose() throws IOException {
        try (Reader reader = Files.newBufferedReader(RepoPaths.root().resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = (Map<String, Object>) compose.get("services");
            volumes = (Map<String, Object>) compose.getOrDefault("volumes", Map.of());
        }
    }

    static List<String> inletServices() {
        return InletServices.ALL;
    }

    @Test
    void declaresInfrastructureAndAllFiveServices() {
        assertThat(services).containsKeys("postgres", "nats", "minio", "minio-init");
        assertThat(services).containsKeys(InletServices.ALL.toArray(String[]::new));
    }

    @Test
    void everyLongRunningServiceHasAHealthCheck() {
        Set<String> oneShot = oneShotServices();
        assertThat(oneShot).containsExactly("minio-init");
        services.keySet().stream().filter(name -> !oneShot.contains(name)).forEach(name ->
                assertThat(map(service(name).get("healthcheck")))
                        .as("healthcheck of %s", name).containsKey("test"));
    }

    @Test
    void everyDependencyWaitsForHealthOrCompletion() {
        services.forEach((name, definition) -> dependsOn(name).forEach((dependency, condition) -> {
            assertThat(services).as("%s depends on an undefined service", name).containsKey(dependency);
            String expected = oneShotServices().contains(dependency)
                    ? "service_completed_successfully" : "service_healthy";
            assertThat(condition).as("%s -> %s", name, dependency).isEqualTo(expected);
        }));
    }

    @Test
    void natsRunsJetStreamOnAPersistentVolume() {
        List<String> command = stringList(service("nats").get("command"));
        assertThat(command).contains("-js");
        String storeDir = command.get(command.indexOf("-sd") + 1);
        assertThat(volumeMounts("nats")).as("a named volume on the JetStream store dir")
                .anySatisfy(mount -> {
                    assertThat(mount).endsWith(":" + storeDir);
                    assertThat(volumes).containsKey(mount.substring(0, mount.indexOf(':')));
                });
        assertThat(healthTest("nats")).contains("wget -qO- ").contains("http://localhost:8222/healthz");
        assertThat(command).contains("-m", "8222");
    }

    @Test
    void postgresKeepsDataAndCreatesOneDatabasePerStatefulService() throws IOException {
        assertThat(healthTest("postgres")).contains("pg_isready");
        String init = volumeMounts("postgres").stream().filter(m -> m.contains("docker-entrypoint-initdb.d"))
                .findFirst().orElseThrow();
        Path script = RepoPaths.root().resolve(init.substring(0, init.indexOf(':')));
        String sql = Files.readString(script);
        Set<String> databases = new java.util.TreeSet<>();
        for (String module : InletServices.ALL) {
            String url = environment(module).get("SPRING_DATASOURCE_URL");
            if (url != null) {
                String database = URI.create(url.substring("jdbc:".length())).getPath().substring(1);
                assertThat(sql).as("init script creates %s", database).contains("CREATE DATABASE " + database + ";");
                assertThat(databases.add(database)).as("%s has a database of its own (Flyway history)", module)
                        .isTrue();
            }
        }
        assertThat(databases).hasSize((int) InletServices.ALL.stream().map(ServiceJar::of)
                .filter(ServiceJar::usesPostgres).count());
    }

    @Test
    void minioInitCreatesTheBucketsTheLakeWritesTo() {
        String script = String.join(" ", stringList(service("minio-init").get("entrypoint")));
        Map<String, String> lake = environment("lake-service");
        assertThat(script).contains("mc mb").contains("--ignore-existing")
                .contains("/" + lake.get("INLET_LAKE_S3_LAKE_BUCKET"))
                .contains("/" + lake.get("INLET_LAKE_S3_ERROR_BUCKET"));
        assertThat(environment("minio-init").get("MINIO_ROOT_USER"))
                .isEqualTo(environment("minio").get("MINIO_ROOT_USER"))
                .isEqualTo(lake.get("INLET_LAKE_S3_ACCESS_KEY"));
        assertThat(environment("minio-init").get("MINIO_ROOT_PASSWORD"))
                .isEqualTo(environment("minio").get("MINIO_ROOT_PASSWORD"))
                .isEqualTo(lake.get("INLET_LAKE_S3_SECRET_KEY"));
    }

    /**
     * The image pins the port with {@code SERVER_PORT} (relaxed binding of server.port, above application.yml);
     * EXPOSE, the published port, the compose health check and the image's HEALTHCHECK must all use it.
     */
    @ParameterizedTest
    @MethodSource("inletServices")
    void portsAndHealthChecksMatchTheServersPort(String module) throws IOException {
        String dockerfile = Files.readString(RepoPaths.root().resolve(module).resolve("Dockerfile"));
        int port = Dockerfiles.serverPort(dockerfile);
        assertThat(ServiceJar.of(module).knowsProperty("server.port")).isTrue();
        Matcher expose = EXPOSE.matcher(dockerfile);
        assertThat(expose.find()).as("Dockerfile of %s EXPOSEs its port", module).isTrue();
        assertThat(Integer.parseInt(expose.group(1))).isEqualTo(port);
        assertThat(dockerfile).contains("target/" + module + "-*-exec.jar")
                .contains("HEALTHCHECK").contains("${SERVER_PORT}/actuator/health")
                .containsPattern("(?m)^USER\\s+\\d+")
                .contains("MaxRAMPercentage");

        Map<String, String> env = environment(module);
        if (env.containsKey("SERVER_PORT")) {
            port = Integer.parseInt(env.get("SERVER_PORT"));
        }
        int containerPort = port;
        assertThat(stringList(service(module).get("ports"))).as("published ports of %s", module)
                .anySatisfy(mapping -> assertThat(mapping).endsWith(":" + containerPort));
        Matcher health = HEALTH_URL.matcher(healthTest(module));
        assertThat(health.find()).as("health check of %s calls the actuator over HTTP", module).isTrue();
        assertThat(Integer.parseInt(health.group(1))).as("health check port of %s", module).isEqualTo(port);
        assertThat(health.group(2)).startsWith("/actuator/health");
        assertThat(String.valueOf(service(module).get("build"))).isEqualTo("./" + module);
    }

    @Test
    void publishedHostPortsDoNotClash() {
        List<String> hostPorts = services.keySet().stream()
                .flatMap(name -> stringList(service(name).get("ports")).stream())
                .map(mapping -> mapping.substring(0, mapping.lastIndexOf(':'))).toList();
        assertThat(hostPorts).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @MethodSource("inletServices")
    void environmentVariablesAreRealPropertiesOfTheService(String module) {
        ServiceJar jar = ServiceJar.of(module);
        assertThat(environment(module).keySet()).as("env of %s", module).isNotEmpty()
                .allSatisfy(variable -> assertThat(jar.acceptsEnvironmentVariable(variable))
                        .as("%s binds no property named like %s", module, variable).isTrue());
    }

    @ParameterizedTest
    @MethodSource("inletServices")
    void servicesAreWiredToTheInfrastructureTheirLibrariesNeed(String module) {
        ServiceJar jar = ServiceJar.of(module);
        Map<String, String> env = environment(module);
        Map<String, String> dependsOn = dependsOn(module);
        if (jar.usesPostgres()) {
            assertThat(dependsOn).containsKey("postgres");
            assertThat(env.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://postgres:5432/");
            assertThat(env).containsKeys("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
        } else {
            assertThat(dependsOn).doesNotContainKey("postgres");
        }
        if (jar.usesNats()) {
            assertThat(dependsOn).containsKey("nats");
            List<String> natsUrls = env.entrySet().stream()
                    .filter(e -> ServiceJar.relaxed(e.getKey()).endsWith("natsbinderservers")
                            || ServiceJar.relaxed(e.getKey()).endsWith("natsservers"))
                    .map(Map.Entry::getValue).toList();
            assertThat(natsUrls).as("NATS servers of %s", module).containsExactly("nats://nats:4222");
        } else {
            assertThat(dependsOn).doesNotContainKey("nats");
        }
        if (jar.usesRegistryClient() && !module.equals(InletServices.REGISTRY)) {
            assertThat(env.get("INLET_REGISTRY_URL")).isEqualTo("http://" + InletServices.REGISTRY + ":"
                    + ServiceJar.of(InletServices.REGISTRY).defaultServerPort());
            assertThat(dependsOn).containsKey(InletServices.REGISTRY);
        }
        if (jar.usesS3()) {
            assertThat(dependsOn).containsKey("minio-init");
            assertThat(env.get("INLET_LAKE_S3_ENDPOINT")).isEqualTo("http://minio:9000");
            assertThat(env.get("INLET_LAKE_S3_PATH_STYLE")).isEqualTo("true");
        }
    }

    /**
     * NATS requires a user per service: nats-server reads the mounted docker/nats/nats.conf, each NATS service logs in
     * with the binder's own properties as a user of its own, and both sides take the password from the same
     * environment variable with the same dev-only default.
     */
    @Test
    void natsRequiresOneUserPerServiceFromTheMountedConfig() throws IOException {
        NatsUsers users = natsUsers();
        Map<String, String> natsEnv = environment("nats");
        Set<String> seen = new java.util.HashSet<>();
        for (String module : InletServices.ALL) {
            Map<String, String> env = environment(module);
            if (!ServiceJar.of(module).usesNats()) {
                assertThat(env).doesNotContainKey("SPRING_CLOUD_STREAM_NATS_BINDER_USERNAME");
                continue;
            }
            String user = env.get("SPRING_CLOUD_STREAM_NATS_BINDER_USERNAME");
            assertThat(users.users()).as("NATS user of %s", module).containsKey(user);
            assertThat(seen.add(user)).as("%s has a NATS user of its own", module).isTrue();
            String variable = users.users().get(user).passwordVariable();
            assertThat(variable).as("password of %s in nats.conf", user).isNotNull();
            assertThat(env.get("SPRING_CLOUD_STREAM_NATS_BINDER_PASSWORD")).as("password of %s", module)
                    .startsWith("${" + variable + ":-dev-only-")
                    .isEqualTo(natsEnv.get(variable));
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(users.users().keySet());
    }

    /** Each service's NATS user may publish what the service's output bindings write, use JetStream and ack. */
    @ParameterizedTest
    @MethodSource("inletServices")
    void natsUsersMayDoWhatTheirServiceDoes(String module) throws IOException {
        ServiceJar jar = ServiceJar.of(module);
        if (!jar.usesNats()) {
            return;
        }
        NatsUsers.User user = natsUsers().users().get(environment(module).get("SPRING_CLOUD_STREAM_NATS_BINDER_USERNAME"));
        assertThat(user).isNotNull();
        Pattern destination = Pattern.compile("spring\\.cloud\\.stream\\.bindings\\.([^.]+)\\.destination");
        boolean consumes = false;
        for (Map.Entry<String, Object> property : jar.applicationProperties().entrySet()) {
            Matcher binding = destination.matcher(property.getKey());
            if (!binding.matches()) {
                continue;
            }
            if (binding.group(1).contains("-in-")) {
                consumes = true;
            } else {
                assertThat(user.publish()).as("%s (user %s) publishes to %s", module, user.name(), property.getValue())
                        .contains(String.valueOf(property.getValue()));
            }
        }
        assertThat(user.publish()).as("JetStream API of %s", module).contains("$JS.API.>");
        assertThat(user.subscribe()).as("replies to %s", module).contains("_INBOX.>");
        if (consumes) {
            assertThat(user.publish()).as("acks and dead letters of %s", module).contains("$JS.ACK.>", "dlq.>");
        }
    }

    @Test
    void adminTokensComeFromTheEnvironment() {
        assertThat(environment(InletServices.REGISTRY).get("INLET_REGISTRY_SECURITY_ADMIN_TOKEN"))
                .startsWith("${INLET_ADMIN_TOKEN");
        assertThat(environment("gateway-service").get("INLET_GATEWAY_AUTH_ADMIN_TOKEN"))
                .startsWith("${INLET_ADMIN_TOKEN");
        assertThat(environment("lake-service").get("INLET_LAKE_ADMIN_TOKEN")).startsWith("${INLET_LAKE_ADMIN_TOKEN");
        assertThat(environment("lake-service").get("INLET_LAKE_READER_TOKEN")).startsWith("${INLET_LAKE_READER_TOKEN");
    }

    /** The users of the NATS configuration file the nats service is started with ({@code -c}, mounted read-only). */
    private static NatsUsers natsUsers() throws IOException {
        List<String> command = stringList(service("nats").get("command"));
        assertThat(command).contains("-c");
        String config = command.get(command.indexOf("-c") + 1);
        String mount = volumeMounts("nats").stream().filter(m -> m.contains(":" + config)).findFirst()
                .orElseThrow(() -> new AssertionError(config + " is not mounted into the nats service"));
        assertThat(mount).endsWith(":" + config + ":ro");
        return NatsUsers.parse(Files.readString(RepoPaths.root().resolve(mount.substring(0, mount.indexOf(':')))));
    }

    private static Set<String> oneShotServices() {
        return services.keySet().stream()
                .flatMap(name -> dependsOn(name).entrySet().stream())
                .filter(e -> e.getValue().equals("service_completed_successfully"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        assertThat(services).containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    private static Map<String, String> dependsOn(String name) {
        Object value = service(name).get("depends_on");
        Map<String, String> conditions = new HashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((dependency, spec) -> conditions.put(String.valueOf(dependency),
                    String.valueOf(map(spec).get("condition"))));
        } else if (value instanceof List<?> list) {
            list.forEach(dependency -> conditions.put(String.valueOf(dependency), "service_started"));
        }
        return conditions;
    }

    private static Map<String, String> environment(String name) {
        Map<String, String> env = new HashMap<>();
        map(service(name).get("environment")).forEach((key, value) -> env.put(key, String.valueOf(value)));
        return env;
    }

    private static String healthTest(String name) {
        Object test = map(service(name).get("healthcheck")).get("test");
        List<String> parts = stringList(test);
        return String.join(" ", parts.isEmpty() ? List.of() : parts.subList(1, parts.size()));
    }

    private static List<String> volumeMounts(String name) {
        return stringList(service(name).get("volumes"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<String> stringList(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> out.add(String.valueOf(item)));
        } else if (value != null) {
            out.add(String.valueOf(value));
        }
        return out;
    }
}
