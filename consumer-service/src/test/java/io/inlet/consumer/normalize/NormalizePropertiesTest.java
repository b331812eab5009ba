package io.inlet.consumer.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class NormalizePropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(WithProperties.class);

    @Test
    void defaults() {
        context.run(c -> assertThat(c.getBean(NormalizeProperties.class)).isEqualTo(NormalizeProperties.defaults()));
    }

    @Test
    void capsEventsPerMessageAtWhatAnOriginCanNumber() {
        assertThat(NormalizeProperties.MAX_EVENTS_PER_MESSAGE).isEqualTo(65_536);
        context.withPropertyValues("inlet.consumer.max-events-per-message=65536")
                .run(c -> assertThat(c.getBean(NormalizeProperties.class).maxEventsPerMessage()).isEqualTo(65_536));
        context.withPropertyValues("inlet.consumer.max-events-per-message=65537").run(c -> {
            assertThat(c).hasFailed();
            assertThat(c.getStartupFailure()).rootCause().hasMessageContaining("maxEventsPerMessage")
                    .hasMessageContaining("65536");
        });
        context.withPropertyValues("inlet.consumer.max-event-id-length=0").run(c -> assertThat(c).hasFailed());
    }

    @Test
    void aHandBuiltInstanceBeyondTheCapIsHeldToIt() {
        assertThat(new NormalizeProperties(1_000_000, 128).eventsPerMessageLimit()).isEqualTo(65_536);
    }

    @EnableConfigurationProperties(NormalizeProperties.class)
    static class WithProperties {
    }
}
