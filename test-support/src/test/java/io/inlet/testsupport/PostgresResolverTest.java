package io.inlet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresResolverTest {

    private final List<String> probed = new ArrayList<>();

    private PostgresResolver.Probe answering(boolean available) {
        return (url, user, password) -> {
            probed.add(url);
            return available ? Availability.yes() : Availability.no("Connection refused");
        };
    }

    @Test
    void envVariablesWinOverEverythingElse() {
        FakeContainers containers = FakeContainers.working();
        Environment env = Environment.of(Map.of(
                "INLET_TEST_POSTGRES_URL", "jdbc:postgresql://ci:5432/inlet",
                "INLET_TEST_POSTGRES_USER", "ci",
                "INLET_TEST_POSTGRES_PASSWORD", "secret"));

        PostgresInstance instance = new PostgresResolver(env, answering(true), containers).resolve();

        assertThat(instance).isEqualTo(new PostgresInstance("jdbc:postgresql://ci:5432/inlet", "ci", "secret", "env"));
        assertThat(probed).containsExactly("jdbc:postgresql://ci:5432/inlet");
        assertThat(containers.starts).isZero();
    }

    @Test
    void envUrlAloneDefaultsToUserPostgresWithoutPassword() {
        Environment env = Environment.of(Map.of("INLET_TEST_POSTGRES_URL", "jdbc:postgresql://ci/inlet"));

        PostgresInstance instance = new PostgresResolver(env, answering(true), FakeContainers.working()).resolve();

        assertThat(instance.username()).isEqualTo("postgres");
        assertThat(instance.password()).isEmpty();
    }

    @Test
    void brokenEnvUrlFailsInsteadOfFallingBack() {
        Environment env = Environment.of(Map.of("INLET_TEST_POSTGRES_URL", "jdbc:postgresql://nowhere/db"));
        FakeContainers containers = FakeContainers.working();

        assertThatIllegalStateException()
                .isThrownBy(() -> new PostgresResolver(env, answering(false), containers).resolve())
                .withMessageContaining("INLET_TEST_POSTGRES_URL is set to jdbc:postgresql://nowhere/db")
                .withMessageContaining("Connection refused");
        assertThat(containers.starts).isZero();
    }

    @Test
    void blankEnvVariableCountsAsUnset() {
        Environment env = Environment.of(Map.of("INLET_TEST_POSTGRES_URL", "  "));

        PostgresInstance instance = new PostgresResolver(env, answering(true), FakeContainers.working()).resolve();

        assertThat(instance.origin()).isEqualTo("local");
    }

    @Test
    void localServerIsUsedWhenItAnswers() {
        FakeContainers containers = FakeContainers.working();

        PostgresInstance instance = new PostgresResolver(Environment.of(Map.of()), answering(true), containers).resolve();

        assertThat(instance).isEqualTo(new PostgresInstance("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", "local"));
        assertThat(containers.starts).isZero();
    }

    @Test
    void containerIsStartedWhenNoLocalServerAnswers() {
        FakeContainers containers = FakeContainers.working();

        PostgresInstance instance = new PostgresResolver(Environment.of(Map.of()), answering(false), containers).resolve();

        assertThat(instance).isEqualTo(FakeContainers.POSTGRES);
        assertThat(containers.starts).isEqualTo(1);
    }

    @Test
    void failsWithEveryWayToProvidePostgresWhenNothingWorks() {
        PostgresResolver resolver = new PostgresResolver(Environment.of(Map.of()), answering(false), FakeContainers.missing());

        assertThatIllegalStateException()
                .isThrownBy(resolver::resolve)
                .withMessageContaining("No PostgreSQL")
                .withMessageContaining("Connection refused")
                .withMessageContaining("no Docker here")
                .withMessageContaining("INLET_TEST_POSTGRES_URL")
                .withMessageContaining("pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start")
                .withMessageContaining("Docker");
    }
}
