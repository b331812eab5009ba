package io.inlet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.inlet.binder.properties.NatsConsumerProperties;
import io.inlet.binder.properties.NatsProducerProperties;
import io.inlet.binder.properties.StreamProperties;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * helm/inlet rendered by a real (embedded) Helm and linted strictly; the manifests are checked against the
 * services' jars: env names are properties they bind, ports, probes, and the infrastructure they need.
 */
class HelmChartTest {

    private static final String RELEASE = "acme";
    private static final Map<String, String> VALUES_KEYS = Map.of(
            "schema-registry-service", "schemaRegistry", "gateway-service", "gateway",
            "consumer-service", "consumer", "pipeline-service", "pipeline", "lake-service", "lake");
    private static final Set<String> SECRET_WORDS = Set.of("PASSWORD", "SECRET", "TOKEN", "ACCESS_KEY", "CREDENTIALS");

    private static Path chart;
    private static Manifests defaults;

    @BeforeAll
    static void renderDefaults() {
        chart = RepoPaths.root().resolve("helm").resolve("inlet");
        defaults = render(command -> command);
    }

    static List<String> inletServices() {
        return InletServices.ALL;
    }

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = new Helm(chart).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(message -> message.contains("[ERROR]")
                || message.contains("[WARNING]"));
    }

    @ParameterizedTest
    @MethodSource("inletServices")
    void everyServiceHasDeploymentServiceAutoscalerDisruptionBudgetAndConfig(String module) {
        String name = RELEASE + "-" + module;
        assertThat(defaults.names("Deployment")).contains(name);
        assertThat(defaults.names("Service")).contains(name);
        assertThat(defaults.names("HorizontalPodAutoscaler")).contains(name);
        assertThat(defaults.names("PodDisruptionBudget")).contains(name);
        assertThat(defaults.names("ConfigMap")).contains(name);

        Map<String, Object> podLabels = HelmChartTest.get(defaults.one("Deployment", name), "spec.template.metadata.labels");
        assertThat(podLabels).containsAllEntriesOf(get(defaults.one("Service", name), "spec.selector"));
        assertThat(podLabels).containsAllEntriesOf(get(defaults.one("PodDisruptionBudget", name),
                "spec.selector.matchLabels"));
        assertThat(podLabels).containsAllEntriesOf(get(defaults.one("Deployment", name), "spec.selector.matchLabels"));
        Map<String, Object> target = get(defaults.one("HorizontalPodAutoscaler", name), "spec.scaleTargetRef");
        assertThat(target).containsEntry("kind", "Deployment").containsEntry("name", name);
        assertThat(HelmChartTest.<Map<String, Object>>get(defaults.one("Deployment", name), "spec").containsKey("replicas"))
                .as("the HPA owns the replica count").isFalse();
    }

    @ParameterizedTest
    @MethodSource("inletServices")
    void containerListensWherePortsAndProbesPoint(String module) {
        String name = RELEASE + "-" + module;
        Map<String, Object> container = defaults.container(name);
        Map<String, Object> port = this.<List<Map<String, Object>>>get(container, "ports").get(0);
        assertThat(port).containsEntry("name", "http");
        int containerPort = (Integer) port.get("containerPort");
        assertThat(defaults.config(name)).containsEntry("SERVER_PORT", String.valueOf(containerPort))
                .containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
        Map<String, Object> servicePort = this.<List<Map<String, Object>>>get(defaults.one("Service", name),
                "spec.ports").get(0);
        assertThat(servicePort).containsEntry("port", containerPort).containsEntry("targetPort", "http");

        assertThat(this.<String>get(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(this.<String>get(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        assertThat(this.<String>get(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(this.<Object>get(container, "livenessProbe.httpGet.port")).isEqualTo("http");
        assertThat(this.<Map<String, Object>>get(container, "resources.requests")).containsKeys("cpu", "memory");
        assertThat(this.<Map<String, Object>>get(container, "resources.limits")).containsKey("memory");
        assertThat(this.<Object>get(defaults.one("Deployment", name), "spec.template.spec.securityContext.runAsNonRoot"))
                .isEqualTo(true);
        assertThat(this.<String>get(container, "image")).isEqualTo("docker.io/inlet/" + module + ":0.1.0-SNAPSHOT");
    }

    @ParameterizedTest
    @MethodSource("inletServices")
    void everyEnvironmentVariableIsAPropertyTheServiceBinds(String module) {
        ServiceJar jar = ServiceJar.of(module);
        String name = RELEASE + "-" + module;
        List<String> names = new ArrayList<>(defaults.config(name).keySet());
        names.addAll(defaults.secretEnv(name).keySet());
        assertThat(names).isNotEmpty().allSatisfy(variable -> assertThat(
                variable.equals("JAVA_TOOL_OPTIONS") || jar.acceptsEnvironmentVariable(variable)
                        || isBinderDefault(jar, variable))
                .as("%s binds nothing named like %s", module, variable).isTrue());
    }

    @ParameterizedTest
    @MethodSource("inletServices")
    void secretsOnlyThroughSecretReferences(String module) {
        String name = RELEASE + "-" + module;
        assertThat(defaults.config(name).keySet()).noneMatch(key -> SECRET_WORDS.stream().anyMatch(key::contains));
        defaults.secretEnv(name).values().forEach(ref -> assertThat(ref).containsKeys("name", "key"));
        assertThat(defaults.plainEnv(name)).as("plain env values in the Deployment").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("inletServices")
    void servicesGetTheInfrastructureTheirLibrariesNeed(String module) {
        ServiceJar jar = ServiceJar.of(module);
        String name = RELEASE + "-" + module;
        Map<String, String> config = defaults.config(name);
        Map<String, Map<String, Object>> secrets = defaults.secretEnv(name);
        if (jar.usesPostgres()) {
            assertThat(config.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://postgresql:5432/inlet_");
            assertThat(config).containsKey("SPRING_DATASOURCE_USERNAME");
        } else {
            assertThat(config).doesNotContainKey("SPRING_DATASOURCE_URL");
        }
        if (jar.usesNats()) {
            List<String> servers = config.entrySet().stream()
                    .filter(e -> ServiceJar.relaxed(e.getKey()).endsWith("natsbinderservers")
                            || ServiceJar.relaxed(e.getKey()).endsWith("natsservers"))
                    .map(Map.Entry::getValue).toList();
            assertThat(servers).as("NATS servers of %s", module).containsExactly("nats://nats:4222");
        }
        if (jar.usesNatsBinder()) {
            assertThat(config).containsEntry("SPRING_CLOUD_STREAM_NATS_DEFAULT_PRODUCER_STREAM_STORAGE", "file")
                    .containsEntry("SPRING_CLOUD_STREAM_NATS_DEFAULT_CONSUMER_STREAM_MAX_AGE", "7d")
                    .containsEntry("SPRING_CLOUD_STREAM_NATS_DEFAULT_PRODUCER_FRAME_COMPRESSION", "zstd");
        }
        if (jar.usesRegistryClient() && !module.equals(InletServices.REGISTRY)) {
            assertThat(config).containsEntry("INLET_REGISTRY_URL", "http://" + RELEASE + "-schema-registry-service:8081");
            assertThat(defaults.names("Service")).contains(RELEASE + "-schema-registry-service");
        }
        if (jar.usesS3()) {
            assertThat(config).containsEntry("INLET_LAKE_S3_LAKE_BUCKET", "inlet-lake")
                    .containsEntry("INLET_LAKE_S3_ERROR_BUCKET", "inlet-error-lake")
                    .doesNotContainKey("INLET_LAKE_S3_ENDPOINT");
            assertThat(secrets).as("no keys given: the AWS default credentials chain (IRSA)")
                    .doesNotContainKeys("INLET_LAKE_S3_ACCESS_KEY", "INLET_LAKE_S3_SECRET_KEY");
        }
    }

    @Test
    void databasesAreDistinctPerService() {
        List<String> urls = InletServices.ALL.stream().map(m -> defaults.config(RELEASE + "-" + m)
                .get("SPRING_DATASOURCE_URL")).filter(u -> u != null).toList();
        assertThat(urls).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void withoutCredentialsNoSecretIsRenderedAndNoSecretEnvIsSet() {
        assertThat(defaults.names("Secret")).isEmpty();
        InletServices.ALL.forEach(module -> assertThat(defaults.secretEnv(RELEASE + "-" + module)).isEmpty());
        assertThat(defaults.names("ServiceMonitor")).isEmpty();
    }

    @Test
    void externalInfrastructureAndExistingSecrets() {
        Manifests external = render(command -> command
                .set("postgresql.host", "db.prod.internal")
                .set("postgresql.port", "6432")
                .set("postgresql.parameters", "sslmode=require")
                .set("postgresql.existingSecret", "pg-credentials")
                .set("s3.endpoint", "https://minio.prod.internal")
                .set("s3.pathStyle", "true")
                .set("s3.existingSecret", "s3-credentials")
                .set("nats.servers[0]", "nats://n1:4222")
                .set("nats.servers[1]", "nats://n2:4222")
                .set("nats.auth.enabled", "true")
                .set("nats.auth.existingSecret", "nats-auth")
                .set("nats.streams.replicas", "3")
                .set("auth.existingSecret", "inlet-admin")
                .set("image.tag", "1.2.3"));
        assertThat(external.names("Secret")).as("nothing inline, no chart Secret").isEmpty();

        Map<String, String> lake = external.config(RELEASE + "-lake-service");
        assertThat(lake).containsEntry("SPRING_DATASOURCE_URL",
                        "jdbc:postgresql://db.prod.internal:6432/inlet_lake?sslmode=require")
                .containsEntry("INLET_LAKE_S3_ENDPOINT", "https://minio.prod.internal")
                .containsEntry("INLET_LAKE_S3_PATH_STYLE", "true")
                .containsEntry("SPRING_CLOUD_STREAM_NATS_BINDER_SERVERS", "nats://n1:4222,nats://n2:4222")
                .containsEntry("INLET_STREAMS_REPLICAS", "3");
        Map<String, Map<String, Object>> lakeSecrets = external.secretEnv(RELEASE + "-lake-service");
        assertThat(lakeSecrets.get("SPRING_DATASOURCE_PASSWORD")).containsEntry("name", "pg-credentials")
                .containsEntry("key", "password");
        assertThat(lakeSecrets.get("INLET_LAKE_S3_ACCESS_KEY")).containsEntry("name", "s3-credentials")
                .containsEntry("key", "access-key");
        assertThat(lakeSecrets.get("INLET_LAKE_S3_SECRET_KEY")).containsEntry("key", "secret-key");
        assertThat(lakeSecrets.get("SPRING_CLOUD_STREAM_NATS_BINDER_PASSWORD")).containsEntry("name", "nats-auth")
                .containsEntry("key", "lake-nats-password");

        Map<String, String> gateway = external.config(RELEASE + "-gateway-service");
        assertThat(gateway).containsEntry("SPRING_CLOUD_STREAM_NATS_BINDER_SERVERS", "nats://n1:4222,nats://n2:4222")
                .containsEntry("INLET_STREAMS_REPLICAS", "3");
        assertThat(external.secretEnv(RELEASE + "-gateway-service").get("SPRING_CLOUD_STREAM_NATS_BINDER_USERNAME"))
                .containsEntry("name", "nats-auth").containsEntry("key", "gateway-nats-username");
        assertThat(external.secretEnv(RELEASE + "-gateway-service").get("INLET_GATEWAY_AUTH_ADMIN_TOKEN"))
                .containsEntry("name", "inlet-admin").containsEntry("key", "admin-token");
        assertThat(lakeSecrets.get("INLET_LAKE_ADMIN_TOKEN")).containsEntry("name", "inlet-admin")
                .containsEntry("key", "lake-admin-token").containsEntry("optional", true);
        assertThat(lakeSecrets.get("INLET_LAKE_READER_TOKEN")).containsEntry("name", "inlet-admin")
                .containsEntry("key", "lake-reader-token");
        assertThat(this.<String>get(external.container(RELEASE + "-consumer-service"), "image"))
                .isEqualTo("docker.io/inlet/consumer-service:1.2.3");
        // Every service with NATS auth gets exactly its own property names.
        InletServices.ALL.forEach(module -> assertThat(external.secretEnv(RELEASE + "-" + module).keySet())
                .allSatisfy(variable -> assertThat(ServiceJar.of(module).acceptsEnvironmentVariable(variable))
                        .as("%s: %s", module, variable).isTrue()));
    }

    /**
     * Every NATS service gets its own user and password from the chart's Secret when no existing one is named: user
     * names from values, passwords given or generated, never in a ConfigMap.
     */
    @Test
    void natsCredentialsPerServiceAreGeneratedIntoTheChartSecret() {
        Manifests auth = render(command -> command.set("nats.auth.enabled", "true")
                .set("nats.auth.passwords.gateway", "given-nats-pass"));
        Map<String, Object> nats = auth.one("Secret", RELEASE + "-inlet-nats");
        assertThat(this.<Map<String, Object>>get(nats, "metadata.annotations"))
                .as("generated passwords survive upgrades").containsEntry("helm.sh/resource-policy", "keep");
        Map<String, Object> data = get(nats, "data");
        Map<String, String> decoded = new LinkedHashMap<>();
        data.forEach((k, v) -> decoded.put(k, new String(Base64.getDecoder().decode((String) v))));
        assertThat(decoded).containsEntry("gateway-nats-password", "given-nats-pass")
                .containsEntry("lake-nats-username", "lake");
        List<String> passwords = new ArrayList<>();
        for (String module : InletServices.ALL) {
            ServiceJar jar = ServiceJar.of(module);
            Map<String, Map<String, Object>> secrets = auth.secretEnv(RELEASE + "-" + module);
            if (!jar.usesNatsBinder()) {
                assertThat(secrets).doesNotContainKey("SPRING_CLOUD_STREAM_NATS_BINDER_PASSWORD");
                continue;
            }
            String key = VALUES_KEYS.get(module);
            assertThat(secrets.get("SPRING_CLOUD_STREAM_NATS_BINDER_USERNAME"))
                    .containsEntry("name", RELEASE + "-inlet-nats").containsEntry("key", key + "-nats-username");
            assertThat(secrets.get("SPRING_CLOUD_STREAM_NATS_BINDER_PASSWORD"))
                    .containsEntry("name", RELEASE + "-inlet-nats").containsEntry("key", key + "-nats-password");
            assertThat(decoded.get(key + "-nats-username")).isEqualTo(key);
            passwords.add(decoded.get(key + "-nats-password"));
            secrets.keySet().forEach(variable -> assertThat(jar.acceptsEnvironmentVariable(variable))
                    .as("%s: %s", module, variable).isTrue());
        }
        assertThat(passwords).hasSize(4).doesNotHaveDuplicates().allSatisfy(password -> assertThat(password)
                .hasSizeGreaterThanOrEqualTo(14));
        assertThat(auth.configMapsText()).doesNotContain("given-nats-pass");
        assertThat(auth.names("Secret")).as("nothing else inline: no other Secret").containsExactly(RELEASE + "-inlet-nats");
        passwords.forEach(password -> assertThat(auth.configMapsText()).doesNotContain(password));
    }

    /**
     * Operator (JWT) auth: each service's own {@code .creds} file from the named Secret, mounted read-only, and the
     * binder's credentials-file property pointing at it; no user, password or generated Secret.
     */
    @Test
    void natsCredsModeMountsEachServicesOwnCredentialsFile() {
        Manifests creds = render(command -> command.set("nats.auth.enabled", "true").set("nats.auth.mode", "creds")
                .set("nats.auth.existingSecret", "inlet-nats-creds"));
        assertThat(creds.names("Secret")).doesNotContain(RELEASE + "-inlet-nats");
        for (String module : InletServices.ALL) {
            ServiceJar jar = ServiceJar.of(module);
            String name = RELEASE + "-" + module;
            Map<String, String> config = creds.config(name);
            List<Map<String, Object>> mounts = get(creds.container(name), "volumeMounts");
            assertThat(creds.secretEnv(name)).doesNotContainKeys("SPRING_CLOUD_STREAM_NATS_BINDER_USERNAME",
                    "SPRING_CLOUD_STREAM_NATS_BINDER_PASSWORD", "SPRING_CLOUD_STREAM_NATS_BINDER_TOKEN");
            if (!jar.usesNatsBinder()) {
                assertThat(config).doesNotContainKey("SPRING_CLOUD_STREAM_NATS_BINDER_CREDENTIALS_FILE");
                assertThat(mounts).noneMatch(mount -> "nats-creds".equals(mount.get("name")));
                continue;
            }
            String key = VALUES_KEYS.get(module);
            assertThat(config).containsEntry("SPRING_CLOUD_STREAM_NATS_BINDER_CREDENTIALS_FILE",
                    "/etc/inlet/nats-creds/" + key + ".creds");
            assertThat(jar.acceptsEnvironmentVariable("SPRING_CLOUD_STREAM_NATS_BINDER_CREDENTIALS_FILE")).isTrue();
            assertThat(mounts).anySatisfy(mount -> assertThat(mount).containsEntry("name", "nats-creds")
                    .containsEntry("mountPath", "/etc/inlet/nats-creds").containsEntry("readOnly", true));
            List<Map<String, Object>> volumes = get(creds.one("Deployment", name), "spec.template.spec.volumes");
            assertThat(volumes).as("only its own file, not the other services' credentials")
                    .anySatisfy(volume -> assertThat(volume).containsEntry("name", "nats-creds")
                            .containsEntry("secret", Map.of("secretName", "inlet-nats-creds",
                                    "items", List.of(Map.of("key", key + ".creds", "path", key + ".creds")))));
        }
    }

    /** Token auth: one token from the named Secret as a reference, never inline. */
    @Test
    void natsTokenModeReferencesTheTokenInTheNamedSecret() {
        Manifests token = render(command -> command.set("nats.auth.enabled", "true").set("nats.auth.mode", "token")
                .set("nats.auth.existingSecret", "inlet-nats-token"));
        for (String module : InletServices.ALL) {
            ServiceJar jar = ServiceJar.of(module);
            Map<String, Map<String, Object>> secrets = token.secretEnv(RELEASE + "-" + module);
            if (!jar.usesNatsBinder()) {
                assertThat(secrets).doesNotContainKey("SPRING_CLOUD_STREAM_NATS_BINDER_TOKEN");
                continue;
            }
            assertThat(secrets.get("SPRING_CLOUD_STREAM_NATS_BINDER_TOKEN"))
                    .containsEntry("name", "inlet-nats-token").containsEntry("key", "nats-token");
            assertThat(secrets).doesNotContainKey("SPRING_CLOUD_STREAM_NATS_BINDER_PASSWORD");
            assertThat(jar.acceptsEnvironmentVariable("SPRING_CLOUD_STREAM_NATS_BINDER_TOKEN")).isTrue();
        }
    }

    /** A mode the chart does not know, or creds/token without the Secret that holds them, fail the render clearly. */
    @Test
    void natsAuthModesAreCheckedWhenRendering() {
        assertThatThrownBy(() -> render(command -> command.set("nats.auth.enabled", "true")
                .set("nats.auth.mode", "nkey")))
                .hasMessageContaining("nats.auth.mode must be password, creds or token, was \"nkey\"");
        assertThatThrownBy(() -> render(command -> command.set("nats.auth.enabled", "true")
                .set("nats.auth.mode", "creds")))
                .hasMessageContaining("nats.auth.mode=creds needs nats.auth.existingSecret");
    }

    /** TLS to NATS: the binder's TLS properties, the trust store mounted from a Secret, its password a reference. */
    @Test
    void natsTlsMountsTheTrustStoreAndSetsTheBindersTlsProperties() {
        Manifests tls = render(command -> command.set("nats.tls.enabled", "true")
                .set("nats.tls.existingSecret", "nats-client-tls")
                .set("nats.tls.keystoreKey", "client.p12").set("nats.tls.keystorePasswordKey", "client-password"));
        for (String module : InletServices.ALL) {
            ServiceJar jar = ServiceJar.of(module);
            String name = RELEASE + "-" + module;
            Map<String, String> config = tls.config(name);
            List<Map<String, Object>> mounts = get(tls.container(name), "volumeMounts");
            if (!jar.usesNatsBinder()) {
                assertThat(config).doesNotContainKey("SPRING_CLOUD_STREAM_NATS_BINDER_TLS_ENABLED");
                assertThat(mounts).noneMatch(mount -> "nats-tls".equals(mount.get("name")));
                continue;
            }
            assertThat(config).containsEntry("SPRING_CLOUD_STREAM_NATS_BINDER_TLS_ENABLED", "true")
                    .containsEntry("SPRING_CLOUD_STREAM_NATS_BINDER_TLS_TRUSTSTORE_PATH",
                            "/etc/inlet/nats-tls/truststore.p12")
                    .containsEntry("SPRING_CLOUD_STREAM_NATS_BINDER_TLS_KEYSTORE_PATH", "/etc/inlet/nats-tls/client.p12");
            assertThat(mounts).anySatisfy(mount -> assertThat(mount).containsEntry("name", "nats-tls")
                    .containsEntry("mountPath", "/etc/inlet/nats-tls").containsEntry("readOnly", true));
            List<Map<String, Object>> volumes = get(tls.one("Deployment", name), "spec.template.spec.volumes");
            assertThat(volumes).anySatisfy(volume -> assertThat(volume).containsEntry("name", "nats-tls")
                    .containsEntry("secret", Map.of("secretName", "nats-client-tls")));
            Map<String, Map<String, Object>> secrets = tls.secretEnv(name);
            assertThat(secrets.get("SPRING_CLOUD_STREAM_NATS_BINDER_TLS_TRUSTSTORE_PASSWORD"))
                    .containsEntry("name", "nats-client-tls").containsEntry("key", "truststore-password");
            assertThat(secrets.get("SPRING_CLOUD_STREAM_NATS_BINDER_TLS_KEYSTORE_PASSWORD"))
                    .containsEntry("key", "client-password");
            List<String> names = new ArrayList<>(config.keySet());
            names.addAll(secrets.keySet());
            names.stream().filter(variable -> variable.contains("NATS_BINDER")).forEach(variable -> assertThat(
                    jar.acceptsEnvironmentVariable(variable)).as("%s: %s", module, variable).isTrue());
        }
    }

    /** The example for a three-node NATS (helm/examples): every node's URL, R3 streams, a user per service. */
    @Test
    void theNatsClusterExampleGivesEveryServiceAllNodesAndThreeReplicas() {
        Manifests cluster = render(command -> command.withValuesFile(RepoPaths.root().resolve("helm")
                .resolve("examples").resolve("inlet-on-nats-cluster.yaml")));
        for (String module : InletServices.ALL) {
            if (!ServiceJar.of(module).usesNatsBinder()) {
                continue;
            }
            Map<String, String> config = cluster.config(RELEASE + "-" + module);
            assertThat(config.get("SPRING_CLOUD_STREAM_NATS_BINDER_SERVERS").split(",")).hasSize(3);
            assertThat(config).containsEntry("INLET_STREAMS_REPLICAS", "3");
            assertThat(ServiceJar.of(module).acceptsEnvironmentVariable("INLET_STREAMS_REPLICAS")).isTrue();
            assertThat(cluster.secretEnv(RELEASE + "-" + module).get("SPRING_CLOUD_STREAM_NATS_BINDER_PASSWORD"))
                    .containsEntry("name", "inlet-nats");
        }
    }

    @Test
    void inlineS3KeysGoToTheChartSecret() {
        Manifests inline = render(command -> command.set("s3.accessKey", "AKIA-test").set("s3.secretKey", "s3cr3t")
                .set("auth.adminToken", "given-token").set("postgresql.password", "pg-pass")
                .set("auth.lakeAdminToken", "lake-admin-given").set("auth.lakeReaderToken", "lake-reader-given"));
        Map<String, Object> data = get(inline.one("Secret", RELEASE + "-inlet-secrets"), "data");
        assertThat(new String(Base64.getDecoder().decode((String) data.get("s3-secret-key")))).isEqualTo("s3cr3t");
        assertThat(new String(Base64.getDecoder().decode((String) data.get("admin-token")))).isEqualTo("given-token");
        assertThat(inline.secretEnv(RELEASE + "-lake-service").get("INLET_LAKE_S3_SECRET_KEY"))
                .containsEntry("name", RELEASE + "-inlet-secrets").containsEntry("key", "s3-secret-key");
        assertThat(inline.secretEnv(RELEASE + "-gateway-service").get("INLET_GATEWAY_AUTH_ADMIN_TOKEN"))
                .containsEntry("name", RELEASE + "-inlet-secrets").containsEntry("key", "admin-token");
        assertThat(inline.secretEnv(RELEASE + "-schema-registry-service").get("INLET_REGISTRY_SECURITY_ADMIN_TOKEN"))
                .containsEntry("key", "admin-token");
        assertThat(inline.secretEnv(RELEASE + "-schema-registry-service").get("SPRING_DATASOURCE_PASSWORD"))
                .containsEntry("key", "postgres-password");
        assertThat(new String(Base64.getDecoder().decode((String) data.get("lake-admin-token"))))
                .isEqualTo("lake-admin-given");
        assertThat(new String(Base64.getDecoder().decode((String) data.get("lake-reader-token"))))
                .isEqualTo("lake-reader-given");
        assertThat(inline.secretEnv(RELEASE + "-lake-service").get("INLET_LAKE_ADMIN_TOKEN"))
                .containsEntry("name", RELEASE + "-inlet-secrets").containsEntry("key", "lake-admin-token");
        assertThat(inline.secretEnv(RELEASE + "-lake-service").get("INLET_LAKE_READER_TOKEN"))
                .containsEntry("name", RELEASE + "-inlet-secrets").containsEntry("key", "lake-reader-token");
        assertThat(inline.secretEnv(RELEASE + "-gateway-service")).doesNotContainKey("INLET_LAKE_ADMIN_TOKEN");
        assertThat(inline.configMapsText()).doesNotContain("lake-admin-given").doesNotContain("lake-reader-given");
        assertThat(inline.configMapsText()).doesNotContain("s3cr3t").doesNotContain("given-token")
                .doesNotContain("pg-pass");
    }

    @Test
    void serviceMonitorsOnlyForServicesThatExposePrometheus() {
        Manifests monitored = render(command -> command.set("serviceMonitor.enabled", "true")
                .set("serviceMonitor.labels.release", "kube-prometheus"));
        List<String> monitoredNames = monitored.names("ServiceMonitor");
        assertThat(monitoredNames).isNotEmpty();
        for (String name : monitoredNames) {
            String module = name.substring(RELEASE.length() + 1);
            assertThat(ServiceJar.of(module).hasLibrary("micrometer-registry-prometheus-"))
                    .as("%s ships the Prometheus registry", module).isTrue();
            Map<String, Object> monitor = monitored.one("ServiceMonitor", name);
            assertThat(this.<Map<String, Object>>get(monitor, "metadata.labels")).containsEntry("release",
                    "kube-prometheus");
            assertThat(this.<List<Map<String, Object>>>get(monitor, "spec.endpoints").get(0))
                    .containsEntry("port", "http").containsEntry("path", "/actuator/prometheus");
            assertThat(monitored.config(name).get("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE")).contains("prometheus");
        }
    }

    @Test
    void theLakeTableFormatIsParquetUnlessSetAndReachesOnlyTheLake() {
        assertThat(defaults.config(RELEASE + "-lake-service")).containsEntry("INLET_LAKE_TABLE_FORMAT", "parquet")
                .containsEntry("INLET_LAKE_COMPACTION_ENABLED", "true");
        Manifests iceberg = render(command -> command.set("lake.tableFormat", "iceberg")
                .set("lake.iceberg.namespace", "analytics").set("lake.compaction.targetFileSize", "256MB"));
        assertThat(iceberg.config(RELEASE + "-lake-service")).containsEntry("INLET_LAKE_TABLE_FORMAT", "iceberg")
                .containsEntry("INLET_LAKE_ICEBERG_NAMESPACE", "analytics")
                .containsEntry("INLET_LAKE_COMPACTION_TARGET_FILE_SIZE", "256MB");
        assertThat(iceberg.config(RELEASE + "-pipeline-service")).doesNotContainKey("INLET_LAKE_TABLE_FORMAT");
    }

    @Test
    void theLakesPartitioningSourcesReachTheLakeWithEventTypesAsJsonKeys() {
        assertThat(defaults.config(RELEASE + "-lake-service"))
                .containsEntry("INLET_LAKE_PARTITIONING_SOURCE", "_inlet_received_at")
                .containsEntry("INLET_LAKE_PARTITIONING_MAX_OPEN_PER_TYPE", "24")
                .doesNotContainKey("SPRING_APPLICATION_JSON");
        Manifests byType = render(command -> command.set("lake.partitioning.byType.order\\.created.source",
                "occurred_at"));
        assertThat(byType.config(RELEASE + "-lake-service")).containsEntry("SPRING_APPLICATION_JSON",
                "{\"inlet\":{\"lake\":{\"partitioning\":{\"by-type\":{\"order.created\":{\"source\":\"occurred_at\"}}}}}}");
    }

    @Test
    void aServiceCanBeSwitchedOffAndAutoscalingReplacedByFixedReplicas() {
        Manifests partial = render(command -> command.set("services.consumer.enabled", "false")
                .set("services.gateway.autoscaling.enabled", "false")
                .set("services.gateway.replicaCount", "3"));
        assertThat(partial.names("Deployment")).doesNotContain(RELEASE + "-consumer-service").hasSize(4);
        assertThat(partial.names("HorizontalPodAutoscaler")).doesNotContain(RELEASE + "-gateway-service");
        assertThat(this.<Object>get(partial.one("Deployment", RELEASE + "-gateway-service"), "spec.replicas"))
                .isEqualTo(3);
    }

    @Test
    void withoutKedaNoScaledObjectAndNoDashboard() {
        assertThat(defaults.names("ScaledObject")).isEmpty();
        assertThat(defaults.names("ConfigMap")).doesNotContain(RELEASE + "-inlet-dashboard");
    }

    @ParameterizedTest
    @MethodSource("consumerStages")
    void kedaReplacesTheCpuAutoscalerOfAStageWithTriggersOnTheJetStreamConsumersItProvisions(String module) {
        String key = VALUES_KEYS.get(module);
        Manifests keda = render(command -> command.set("services." + key + ".keda.enabled", "true")
                .set("services." + key + ".keda.lagThreshold", "5000")
                .set("keda.natsServerMonitoringEndpoint", "nats.messaging:8222"));
        String name = RELEASE + "-" + module;

        assertThat(keda.names("ScaledObject")).containsExactly(name);
        assertThat(keda.names("HorizontalPodAutoscaler")).as("never both for one Deployment").doesNotContain(name)
                .hasSize(InletServices.ALL.size() - 1);
        assertThat(HelmChartTest.<Map<String, Object>>get(keda.one("Deployment", name), "spec")
                .containsKey("replicas")).as("KEDA owns the replica count").isFalse();
        Map<String, Object> scaled = keda.one("ScaledObject", name);
        assertThat(this.<Map<String, Object>>get(scaled, "spec.scaleTargetRef"))
                .containsEntry("kind", "Deployment").containsEntry("name", name);
        List<Map<String, Object>> triggers = get(scaled, "spec.triggers");
        List<String> expected = ProvisionedConsumers.of(module).stream()
                .map(c -> c.stream() + "/" + c.durable()).toList();
        assertThat(expected).as("consumer bindings of %s", module).isNotEmpty();
        assertThat(triggers).extracting(t -> {
            Map<String, Object> metadata = get(t, "metadata");
            return metadata.get("stream") + "/" + metadata.get("consumer");
        }).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(triggers).allSatisfy(t -> {
            assertThat(t).containsEntry("type", "nats-jetstream");
            assertThat(this.<Map<String, Object>>get(t, "metadata"))
                    .containsEntry("natsServerMonitoringEndpoint", "nats.messaging:8222")
                    .containsEntry("account", "$G").containsEntry("lagThreshold", "5000");
        });
    }

    @Test
    void kedaSwitchedOnForEveryServiceScalesOnlyTheStagesThatPull() {
        Manifests keda = render(command -> command.set("defaults.keda.enabled", "true"));
        List<String> stages = consumerStages().stream().map(module -> RELEASE + "-" + module).toList();
        assertThat(keda.names("ScaledObject")).containsExactlyInAnyOrderElementsOf(stages);
        assertThat(keda.names("HorizontalPodAutoscaler")).doesNotContainAnyElementsOf(stages)
                .contains(RELEASE + "-gateway-service", RELEASE + "-" + InletServices.REGISTRY);
    }

    static List<String> consumerStages() {
        return List.of("consumer-service", "pipeline-service", "lake-service");
    }

    @Test
    void theStagesWithConsumerBindingsAreTheOnesKedaCanScale() {
        for (String module : InletServices.ALL) {
            assertThat(ProvisionedConsumers.of(module).isEmpty()).as(module)
                    .isEqualTo(!consumerStages().contains(module));
        }
    }

    @Test
    void theDashboardShipsAsAConfigMapWithTheSidecarsLabel() {
        Manifests standard = render(command -> command.set("grafanaDashboard.enabled", "true"));
        Map<String, Object> map = standard.one("ConfigMap", RELEASE + "-inlet-dashboard");
        assertThat(this.<Map<String, Object>>get(map, "metadata.labels")).containsEntry("grafana_dashboard", "1");
        assertThat(GrafanaDashboard.parse(String.valueOf(this.<Map<String, Object>>get(map, "data")
                .get("inlet.json"))).expressions()).isNotEmpty();

        Manifests custom = render(command -> command.set("grafanaDashboard.enabled", "true")
                .set("grafanaDashboard.labelKey", "dashboards").set("grafanaDashboard.labelValue", "inlet")
                .set("grafanaDashboard.folder", "Inlet"));
        Map<String, Object> customMap = custom.one("ConfigMap", RELEASE + "-inlet-dashboard");
        assertThat(this.<Map<String, Object>>get(customMap, "metadata.labels")).containsEntry("dashboards", "inlet")
                .doesNotContainKey("grafana_dashboard");
        assertThat(this.<Map<String, Object>>get(customMap, "metadata.annotations"))
                .containsEntry("grafana_folder", "Inlet");
    }

    @Test
    void alertRulesAreOptionalAndCarryTheRuleSelectorsLabels() {
        assertThat(defaults.names("PrometheusRule")).isEmpty();
        Manifests alerts = render(command -> command.set("prometheusRule.enabled", "true")
                .set("prometheusRule.labels.release", "kube-prometheus"));
        Map<String, Object> rule = alerts.one("PrometheusRule", RELEASE + "-inlet-alerts");
        assertThat(this.<Map<String, Object>>get(rule, "metadata.labels")).containsEntry("release", "kube-prometheus");
        assertThat(renderedAlertExpressions()).hasSizeGreaterThanOrEqualTo(5)
                .anySatisfy(expr -> assertThat(expr).contains("inlet_binder_consumer_lag_pending) > 100000"));
    }

    /** The {@code expr} of every alert rule, as the chart renders them. */
    @SuppressWarnings("unchecked")
    static List<String> renderedAlertExpressions() {
        if (chart == null) {
            chart = RepoPaths.root().resolve("helm").resolve("inlet");
        }
        Manifests manifests = render(command -> command.set("prometheusRule.enabled", "true"));
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : HelmChartTest.<List<Map<String, Object>>>get(
                manifests.one("PrometheusRule", RELEASE + "-inlet-alerts"), "spec.groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.add(String.valueOf(rule.get("expr")));
            }
        }
        return expressions;
    }

    /** The dashboard JSON as the chart renders it into its ConfigMap. */
    static String renderedDashboard() {
        if (chart == null) {
            chart = RepoPaths.root().resolve("helm").resolve("inlet");
        }
        Manifests manifests = render(command -> command.set("grafanaDashboard.enabled", "true"));
        return String.valueOf(HelmChartTest.<Map<String, Object>>get(
                manifests.one("ConfigMap", RELEASE + "-inlet-dashboard"), "data").get("inlet.json"));
    }

    @ParameterizedTest
    @MethodSource("inletServices")
    void valuesKeyNamesTheModule(String module) {
        assertThat(defaults.config(RELEASE + "-" + module)).isNotEmpty();
        assertThat(VALUES_KEYS).containsKey(module);
    }

    /** {@code SPRING_CLOUD_STREAM_NATS_DEFAULT_(PRODUCER|CONSUMER)_STREAM_<field>}: a field of the binder's stream settings. */
    /**
     * A binder default ({@code spring.cloud.stream.nats.default.<side>.*}) of a field the binder's producer or consumer
     * properties, or their stream settings, declare.
     */
    private static boolean isBinderDefault(ServiceJar jar, String variable) {
        if (!jar.usesNatsBinder()) {
            return false;
        }
        String relaxed = ServiceJar.relaxed(variable);
        for (String side : List.of("producer", "consumer")) {
            String prefix = "springcloudstreamnatsdefault" + side;
            if (relaxed.startsWith(prefix + "stream")) {
                return declares(StreamProperties.class, relaxed.substring(prefix.length() + "stream".length()));
            }
            if (relaxed.startsWith(prefix)) {
                return declares(side.equals("producer") ? NatsProducerProperties.class : NatsConsumerProperties.class,
                        relaxed.substring(prefix.length()));
            }
        }
        return false;
    }

    private static boolean declares(Class<?> properties, String relaxedField) {
        return Arrays.stream(properties.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
                .map(Field::getName).map(ServiceJar::relaxed).anyMatch(relaxedField::equals);
    }

    private static Manifests render(UnaryOperator<TemplateCommand> options) {
        String yaml = options.apply(new Helm(chart).template().withName(RELEASE).withNamespace("inlet")).call();
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document instanceof Map<?, ?>) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) document;
                documents.add(map);
            }
        }
        return new Manifests(documents, yaml);
    }

    @SuppressWarnings("unchecked")
    static <T> T get(Map<String, Object> node, String path) {
        Object current = node;
        for (String part : path.split("\\.")) {
            assertThat(current).as("%s in %s", part, path).isInstanceOf(Map.class);
            current = ((Map<String, Object>) current).get(part);
        }
        return (T) current;
    }

    /** The rendered documents, looked up by kind and name. */
    record Manifests(List<Map<String, Object>> documents, String text) {

        List<String> names(String kind) {
            return documents.stream().filter(d -> kind.equals(d.get("kind")))
                    .map(d -> (String) HelmChartTest.<Map<String, Object>>get(d, "metadata").get("name")).toList();
        }

        Map<String, Object> one(String kind, String name) {
            List<Map<String, Object>> matches = documents.stream().filter(d -> kind.equals(d.get("kind"))
                    && name.equals(HelmChartTest.<Map<String, Object>>get(d, "metadata").get("name"))).toList();
            assertThat(matches).as("%s %s", kind, name).hasSize(1);
            return matches.get(0);
        }

        Map<String, Object> container(String deployment) {
            List<Map<String, Object>> containers = get(one("Deployment", deployment), "spec.template.spec.containers");
            assertThat(containers).hasSize(1);
            return containers.get(0);
        }

        Map<String, String> config(String name) {
            Map<String, Object> data = get(one("ConfigMap", name), "data");
            Map<String, String> out = new LinkedHashMap<>();
            data.forEach((k, v) -> out.put(k, String.valueOf(v)));
            return out;
        }

        String configMapsText() {
            return documents.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).map(Object::toString)
                    .collect(Collectors.joining("\n"));
        }

        /** Deployment env entries that come from a Secret: name → secretKeyRef. */
        Map<String, Map<String, Object>> secretEnv(String deployment) {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            for (Map<String, Object> entry : env(deployment)) {
                Object ref = entry.get("valueFrom") instanceof Map<?, ?> from ? from.get("secretKeyRef") : null;
                if (ref != null) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> secretRef = (Map<String, Object>) ref;
                    out.put((String) entry.get("name"), secretRef);
                }
            }
            return out;
        }

        List<String> plainEnv(String deployment) {
            return env(deployment).stream().filter(e -> e.containsKey("value")).map(e -> (String) e.get("name"))
                    .toList();
        }

        private List<Map<String, Object>> env(String deployment) {
            List<Map<String, Object>> env = get(container(deployment), "env");
            return env == null ? List.of() : env;
        }
    }
}
