package io.inlet.binder.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.binder.properties.NatsBinderProperties;
import io.nats.client.Options;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class NatsConnectionFactoryTest {

    @Test
    void pingsEveryTenSecondsByDefaultSoThatADeadConnectionIsFoundWithinHalfAMinute() {
        Options options = NatsConnectionFactory.options(bind(Map.of()));

        assertThat(options.getPingInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.getMaxPingsOut()).isEqualTo(2);
    }

    @Test
    void thePingSettingsReachTheConnection() {
        Options options = NatsConnectionFactory.options(bind(Map.of(
                "spring.cloud.stream.nats.binder.ping-interval", "3s",
                "spring.cloud.stream.nats.binder.max-pings-out", "4")));

        assertThat(options.getPingInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.getMaxPingsOut()).isEqualTo(4);
    }

    @Test
    void jetStreamRequestsTimeOutAfterTheApiTimeoutNotTheConnectTimeout() throws InterruptedException {
        try (NatsConnectionProvider provider = NatsConnectionFactory.connect(bind(Map.of(
                "spring.cloud.stream.nats.binder.servers", "nats://127.0.0.1:1",
                "spring.cloud.stream.nats.binder.connect-timeout", "100ms",
                "spring.cloud.stream.nats.binder.api-timeout", "1500ms")))) {

            assertThat(provider.apiTimeout()).isEqualTo(Duration.ofMillis(1500));
        }
    }

    private static NatsBinderProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("spring.cloud.stream.nats.binder", NatsBinderProperties.class);
    }
}
