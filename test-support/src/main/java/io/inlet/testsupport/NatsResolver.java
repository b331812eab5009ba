package io.inlet.testsupport;

import java.util.Optional;

/** Finds NATS with JetStream: env var, else the local server, else a container, else a failure that says how to fix it. */
final class NatsResolver {

    static final String URL_VARIABLE = "INLET_TEST_NATS_URL";
    static final String LOCAL_URL = "nats://127.0.0.1:4222";
    static final String START_LOCAL_COMMAND = "start-stop-daemon --start --oknodo --background"
            + " --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server"
            + " -l /var/log/nats-server.log";
    static final String INSTALL_COMMAND = "apt-get install -y nats-server";

    /** Whether a real connection succeeds and JetStream answers on it. */
    @FunctionalInterface
    interface Probe {
        Availability check(String url);
    }

    private final Environment environment;
    private final Probe probe;
    private final ContainerRuntime containers;

    NatsResolver(Environment environment, Probe probe, ContainerRuntime containers) {
        this.environment = environment;
        this.probe = probe;
        this.containers = containers;
    }

    NatsInstance resolve() {
        Optional<String> configuredUrl = environment.get(URL_VARIABLE);
        if (configuredUrl.isPresent()) {
            return fromEnvironment(configuredUrl.get());
        }
        Availability local = probe.check(LOCAL_URL);
        if (local.available()) {
            return new NatsInstance(LOCAL_URL, "local");
        }
        Availability docker = containers.availability();
        if (docker.available()) {
            return containers.startNats();
        }
        throw new MissingServiceMessage("NATS server with JetStream")
                .tried("env " + URL_VARIABLE, Availability.no("not set"))
                .tried("local " + LOCAL_URL, local)
                .tried("Testcontainers (" + TestcontainersRuntime.NATS_IMAGE + " -js)", docker)
                .fix("set " + URL_VARIABLE + "=nats://host:4222 (a server started with -js)")
                .fix("start the local server: " + START_LOCAL_COMMAND
                        + " (if /usr/sbin/nats-server is missing: " + INSTALL_COMMAND + ")")
                .fix("install and start Docker so that Testcontainers can run " + TestcontainersRuntime.NATS_IMAGE)
                .toException();
    }

    // An explicit setting wins, and a broken one fails loudly rather than falling back to something else.
    private NatsInstance fromEnvironment(String url) {
        Availability reachable = probe.check(url);
        if (!reachable.available()) {
            throw new IllegalStateException(URL_VARIABLE + " is set to " + url + " but no NATS with JetStream answers"
                    + " there: " + reachable.detail()
                    + ". Fix the variable or unset it to use the local server or Testcontainers.");
        }
        return new NatsInstance(url, "env");
    }
}
