package io.inlet.localrunner;

/** The five services, in start order: the registry first, because three others read schemas from it. */
public enum InletService {

    SCHEMA_REGISTRY("schema-registry-service", 8081, "registry"),
    GATEWAY("gateway-service", 8080, "gateway"),
    CONSUMER("consumer-service", 8083, null),
    PIPELINE("pipeline-service", 8082, null),
    LAKE("lake-service", 8084, "lake");

    private final String module;
    private final int defaultPort;
    private final String databaseSchema;

    InletService(String module, int defaultPort, String databaseSchema) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.databaseSchema = databaseSchema;
    }

    /** The Maven module and jar name, e.g. {@code gateway-service}. */
    public String module() {
        return module;
    }

    /** The port the local runner offers it on when free. */
    public int defaultPort() {
        return defaultPort;
    }

    /** Whether it keeps state in PostgreSQL (each such service gets a schema of its own). */
    public boolean usesDatabase() {
        return databaseSchema != null;
    }

    /** Its PostgreSQL schema: one per service, so that each Flyway history stays its own. */
    public String databaseSchema() {
        return databaseSchema;
    }
}
