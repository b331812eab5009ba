package io.inlet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NatsResolverTest {

    private final List<String> probed = new ArrayList<>();

    private NatsResolver.Probe answering(boolean available) {
        return url -> {
            probed.add(url);
            return available ? Availability.yes() : Availability.no("connected, but JetStream is not enabled");
        };
    }

    @Test
    void envVariableWinsOverEverythingElse() {
        FakeContainers containers = FakeContainers.working();
        Environment env = Environment.of(Map.of("INLET_TEST_NATS_URL", "nats://ci:4222"));

        NatsInstance instance = new NatsResolver(env, answering(true), containers).resolve();

        assertThat(instance).isEqualTo(new NatsInstance("nats://ci:4222", "env"));
        assertThat(probed).containsExactly("nats://ci:4222");
        assertThat(containers.starts).isZero();
    }

    @Test
    void brokenEnvUrlFailsInsteadOfFallingBack() {
        Environment env = Environment.of(Map.of("INLET_TEST_NATS_URL", "nats://nowhere:4222"));
        FakeContainers containers = FakeContainers.working();

        assertThatIllegalStateException()
                .isThrownBy(() -> new NatsResolver(env, answering(false), containers).resolve())
                .withMessageContaining("INLET_TEST_NATS_URL is set to nats://nowhere:4222");
        assertThat(containers.starts).isZero();
    }

    @Test
    void localServerIsUsedWhenJetStreamAnswers() {
        NatsInstance instance = new NatsResolver(Environment.of(Map.of()), answering(true), FakeContainers.working())
                .resolve();

        assertThat(instance).isEqualTo(new NatsInstance("nats://127.0.0.1:4222", "local"));
    }

    @Test
    void containerIsStartedWhenNoLocalJetStreamAnswers() {
        FakeContainers containers = FakeContainers.working();

        NatsInstance instance = new NatsResolver(Environment.of(Map.of()), answering(false), containers).resolve();

        assertThat(instance).isEqualTo(FakeContainers.NATS);
        assertThat(containers.starts).isEqualTo(1);
    }

    @Test
    void failsWithEveryWayToProvideNatsWhenNothingWorks() {
        NatsResolver resolver = new NatsResolver(Environment.of(Map.of()), answering(false), FakeContainers.missing());

        assertThatIllegalStateException()
                .isThrownBy(resolver::resolve)
                .withMessageContaining("No NATS server with JetStream")
                .withMessageContaining("JetStream is not enabled")
                .withMessageContaining("no Docker here")
                .withMessageContaining("INLET_TEST_NATS_URL")
                .withMessageContaining("start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server"
                        + " -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log")
                .withMessageContaining("apt-get install -y nats-server")
                .withMessageContaining("Docker");
    }
}
