package io.inlet.testsupport;

import java.util.Optional;

/** Finds PostgreSQL: env vars, else the local server, else a container, else a failure that says how to fix it. */
final class PostgresResolver {

    static final String URL_VARIABLE = "INLET_TEST_POSTGRES_URL";
    static final String USER_VARIABLE = "INLET_TEST_POSTGRES_USER";
    static final String PASSWORD_VARIABLE = "INLET_TEST_POSTGRES_PASSWORD";
    static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String LOCAL_USER = "postgres";
    // Trust authentication on the local server: no password.
    static final String LOCAL_PASSWORD = "";
    static final String START_LOCAL_COMMAND =
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";

    /** Whether a real connection to the database succeeds. */
    @FunctionalInterface
    interface Probe {
        Availability check(String jdbcUrl, String username, String password);
    }

    private final Environment environment;
    private final Probe probe;
    private final ContainerRuntime containers;

    PostgresResolver(Environment environment, Probe probe, ContainerRuntime containers) {
        this.environment = environment;
        this.probe = probe;
        this.containers = containers;
    }

    PostgresInstance resolve() {
        Optional<String> configuredUrl = environment.get(URL_VARIABLE);
        if (configuredUrl.isPresent()) {
            return fromEnvironment(configuredUrl.get());
        }
        Availability local = probe.check(LOCAL_URL, LOCAL_USER, LOCAL_PASSWORD);
        if (local.available()) {
            return new PostgresInstance(LOCAL_URL, LOCAL_USER, LOCAL_PASSWORD, "local");
        }
        Availability docker = containers.availability();
        if (docker.available()) {
            return containers.startPostgres();
        }
        throw new MissingServiceMessage("PostgreSQL")
                .tried("env " + URL_VARIABLE, Availability.no("not set"))
                .tried("local " + LOCAL_URL + " as " + LOCAL_USER, local)
                .tried("Testcontainers (" + TestcontainersRuntime.POSTGRES_IMAGE + ")", docker)
                .fix("set " + URL_VARIABLE + "=jdbc:postgresql://host:5432/db (and " + USER_VARIABLE + ", "
                        + PASSWORD_VARIABLE + " if needed)")
                .fix("start the local server: " + START_LOCAL_COMMAND
                        + " (it needs a database 'test' that user postgres reaches with trust auth)")
                .fix("install and start Docker so that Testcontainers can run " + TestcontainersRuntime.POSTGRES_IMAGE)
                .toException();
    }

    // An explicit setting wins, and a broken one fails loudly rather than falling back to something else.
    private PostgresInstance fromEnvironment(String url) {
        PostgresInstance instance = new PostgresInstance(url, environment.get(USER_VARIABLE).orElse(LOCAL_USER),
                environment.get(PASSWORD_VARIABLE).orElse(LOCAL_PASSWORD), "env");
        Availability reachable = probe.check(instance.jdbcUrl(), instance.username(), instance.password());
        if (!reachable.available()) {
            throw new IllegalStateException(URL_VARIABLE + " is set to " + url + " but connecting as "
                    + instance.username() + " failed: " + reachable.detail()
                    + ". Fix the variable or unset it to use the local server or Testcontainers.");
        }
        return instance;
    }
}
