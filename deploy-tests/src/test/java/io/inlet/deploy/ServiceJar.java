package io.inlet.deploy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a service's Spring Boot fat jar says about its configuration: the libraries it ships (so: which
 * infrastructure it needs), its {@code application.yml}, and every configuration property it binds (the
 * {@code spring-configuration-metadata.json} of its own classes and of each library). This is what the
 * deployment files (compose, Helm) are checked against, so they cannot drift from the code.
 */
final class ServiceJar {

    private static final Map<String, ServiceJar> CACHE = new ConcurrentHashMap<>();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)(?::([^}]*))?}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String module;
    private final Set<String> libraries;
    private final Map<String, Object> applicationProperties;
    private final Set<String> propertyNames;
    private final Set<String> mapPropertyNames;
    private final Set<String> placeholderVariables;

    private ServiceJar(String module, Set<String> libraries, Map<String, Object> applicationProperties,
                       Set<String> propertyNames, Set<String> mapPropertyNames, Set<String> placeholderVariables) {
        this.module = module;
        this.libraries = libraries;
        this.applicationProperties = applicationProperties;
        this.propertyNames = propertyNames;
        this.mapPropertyNames = mapPropertyNames;
        this.placeholderVariables = placeholderVariables;
    }

    static ServiceJar of(String module) {
        return CACHE.computeIfAbsent(module, ServiceJar::load);
    }

    String module() {
        return module;
    }

    /** Whether a library whose file name starts with {@code prefix} (e.g. {@code postgresql-}) is in the jar. */
    boolean hasLibrary(String prefix) {
        return libraries.stream().anyMatch(name -> name.startsWith(prefix));
    }

    boolean usesPostgres() {
        return hasLibrary("postgresql-");
    }

    boolean usesNats() {
        return hasLibrary("jnats-");
    }

    boolean usesNatsBinder() {
        return hasLibrary("inlet-nats-binder-");
    }

    boolean usesRegistryClient() {
        return hasLibrary("inlet-registry-client-");
    }

    boolean usesS3() {
        return hasLibrary("s3-2.");
    }

    /** The flattened {@code application.yml} ({@code server.port} → {@code ${PORT:8081}}). */
    Map<String, Object> applicationProperties() {
        return applicationProperties;
    }

    /** A property of {@code application.yml} as the service reads it when nothing overrides it, or {@code null}. */
    String defaultProperty(String key) {
        Object value = applicationProperties.get(key);
        return value == null ? null : resolveDefaults(String.valueOf(value));
    }

    /** {@code server.port} as the service starts when nothing overrides it (placeholders resolved to defaults). */
    int defaultServerPort() {
        Object port = applicationProperties.get("server.port");
        if (port == null) {
            return 8080;
        }
        return Integer.parseInt(resolveDefaults(String.valueOf(port)));
    }

    /** Whether the health probes groups (/actuator/health/liveness, /readiness) are on outside Kubernetes too. */
    boolean probesEnabled() {
        return "true".equals(resolveDefaults(String.valueOf(
                applicationProperties.get("management.endpoint.health.probes.enabled"))));
    }

    /**
     * Whether an environment variable means something to this service: it maps (relaxed binding) to a
     * documented configuration property, a key of a map-valued property, or a placeholder in application.yml.
     */
    boolean acceptsEnvironmentVariable(String variable) {
        if (placeholderVariables.contains(variable)) {
            return true;
        }
        String key = relaxed(variable);
        if (propertyNames.contains(key)) {
            return true;
        }
        return mapPropertyNames.stream().anyMatch(key::startsWith);
    }

    /** Whether a property name (dotted, kebab-case) is bound by this service. */
    boolean knowsProperty(String property) {
        String key = relaxed(property);
        return propertyNames.contains(key) || mapPropertyNames.stream().anyMatch(key::startsWith);
    }

    private static String resolveDefaults(String value) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String fallback = matcher.group(2);
            matcher.appendReplacement(out, Matcher.quoteReplacement(fallback == null ? "" : fallback));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Lower case without separators: how Spring's relaxed binding compares names and env vars. */
    static String relaxed(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static ServiceJar load(String module) {
        Path jar = RepoPaths.root().resolve(module).resolve("target")
                .resolve(module + "-" + RepoPaths.version() + "-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No fat jar of " + module + " at " + jar
                    + ": build the services first (mvn -B install -DskipTests)");
        }
        Set<String> libraries = new TreeSet<>();
        Set<String> properties = new HashSet<>();
        Set<String> maps = new HashSet<>();
        Map<String, Object> application = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry yml = zip.getEntry("BOOT-INF/classes/application.yml");
            if (yml != null) {
                try (InputStream in = zip.getInputStream(yml)) {
                    Object document = new Yaml().load(in);
                    if (document instanceof Map<?, ?> map) {
                        flatten("", map, application);
                    }
                }
            }
            // Repackaging moves the service's own META-INF to the root of the fat jar.
            for (String name : new String[] {"META-INF/spring-configuration-metadata.json",
                    "META-INF/additional-spring-configuration-metadata.json",
                    "BOOT-INF/classes/META-INF/spring-configuration-metadata.json",
                    "BOOT-INF/classes/META-INF/additional-spring-configuration-metadata.json"}) {
                ZipEntry entry = zip.getEntry(name);
                if (entry != null) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        readMetadata(in.readAllBytes(), properties, maps);
                    }
                }
            }
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
                    libraries.add(entry.getName().substring("BOOT-INF/lib/".length()));
                    try (ZipInputStream nested = new ZipInputStream(zip.getInputStream(entry))) {
                        readNestedMetadata(nested, properties, maps);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        Set<String> placeholders = new TreeSet<>();
        application.values().forEach(value -> {
            Matcher matcher = PLACEHOLDER.matcher(String.valueOf(value));
            while (matcher.find()) {
                placeholders.add(matcher.group(1));
            }
        });
        // Properties the service sets itself in application.yml are bound by something, metadata or not; and a
        // placeholder like ${inlet.lake.nats.servers:...} is resolved from INLET_LAKE_NATS_SERVERS as well.
        application.keySet().forEach(key -> properties.add(relaxed(key)));
        placeholders.forEach(name -> properties.add(relaxed(name)));
        return new ServiceJar(module, libraries, application, properties, maps, placeholders);
    }

    private static void readNestedMetadata(ZipInputStream nested, Set<String> properties, Set<String> maps)
            throws IOException {
        ZipEntry inner;
        while ((inner = nested.getNextEntry()) != null) {
            String name = inner.getName();
            if (name.equals("META-INF/spring-configuration-metadata.json")
                    || name.equals("META-INF/additional-spring-configuration-metadata.json")) {
                readMetadata(nested.readAllBytes(), properties, maps);
            }
        }
    }

    private static void readMetadata(byte[] json, Set<String> properties, Set<String> maps) {
        JsonNode root = JSON.readTree(new ByteArrayInputStream(json));
        for (JsonNode property : root.path("properties")) {
            String name = property.path("name").asString();
            String type = property.path("type").asString("");
            properties.add(relaxed(name));
            if (type.startsWith("java.util.Map")) {
                maps.add(relaxed(name));
            }
        }
        for (JsonNode group : root.path("groups")) {
            String type = group.path("type").asString("");
            if (type.startsWith("java.util.Map")) {
                maps.add(relaxed(group.path("name").asString()));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name, nested, out);
            } else {
                out.put(name, value);
            }
        });
    }

    @Override
    public String toString() {
        return module;
    }
}
