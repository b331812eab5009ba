package io.inlet.registryclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RegistryClientAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RegistryClientAutoConfiguration.class));

    @Test
    void noClientWithoutUrl() {
        runner.run(context -> assertThat(context).doesNotHaveBean(RegistryClient.class));
    }

    @Test
    void clientFromProperties() {
        runner.withPropertyValues("inlet.registry.url=http://registry:8081",
                        "inlet.registry.cache.refresh-after-write=30s",
                        "inlet.registry.credentials.token=s3cret")
                .run(context -> {
                    assertThat(context).hasSingleBean(RegistryClient.class);
                    RegistryClientProperties properties = context.getBean(RegistryClientProperties.class);
                    assertThat(properties.cache().refreshAfterWrite()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(properties.cache().maximumSize()).isEqualTo(10_000);
                    assertThat(properties.toString()).doesNotContain("s3cret");
                });
    }

    @Test
    void rejectsSubjectsThatAreNotEventTypesBeforeCallingTheRegistry() {
        try (RegistryClient client = RegistryClient.builder(java.net.URI.create("http://127.0.0.1:9")).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.latest("../etc/passwd"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void unreachableRegistryWithEmptyCacheIsAClearError() {
        try (RegistryClient client = RegistryClient.builder(java.net.URI.create("http://127.0.0.1:9"))
                .timeout(Duration.ofSeconds(1)).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.latest("page.viewed"))
                    .isInstanceOf(RegistryClientException.class)
                    .hasMessageContaining("unreachable")
                    .satisfies(e -> assertThat(((RegistryClientException) e).status()).isZero());
        }
    }
}
