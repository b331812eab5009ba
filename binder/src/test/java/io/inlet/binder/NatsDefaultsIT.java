package io.inlet.binder;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code spring.cloud.stream.nats.default.*} is the base of a binding that has settings of its own: the stream a
 * binding provisions gets the deployment-wide defaults it does not set itself, and its own settings where it does.
 */
class NatsDefaultsIT {

    private static final String BINDING = "keepAcks-in-0";

    @Test
    void aBindingWithSettingsOfItsOwnStillTakesTheDefaultsItDoesNotSet() throws Exception {
        String prefix = UniqueNames.subjectPrefix("defaults");
        String stream = UniqueNames.streamName("defaults");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.cloud.stream.nats.binder.servers", Infrastructure.nats().url());
        properties.put("spring.cloud.function.definition", "keepAcks");
        properties.put("spring.cloud.stream.bindings." + BINDING + ".destination", prefix + ".in");
        properties.put("spring.cloud.stream.bindings." + BINDING + ".group", "defaults");
        properties.put("spring.cloud.stream.bindings." + BINDING + ".consumer.batch-mode", "true");
        properties.put("spring.cloud.stream.nats.default.consumer.stream.max-age", "3h");
        properties.put("spring.cloud.stream.nats.default.consumer.stream.storage", "memory");
        properties.put("spring.cloud.stream.nats.default.consumer.stream.duplicate-window", "45s");
        String own = "spring.cloud.stream.nats.bindings." + BINDING + ".consumer.";
        properties.put(own + "stream.name", stream);
        properties.put(own + "stream.subjects", prefix + ".>");
        properties.put(own + "stream.duplicate-window", "30s");
        properties.put(own + "ack-mode", "manual");
        properties.put(own + "dead-letter-subject", prefix + ".dlq");
        properties.put(own + "shutdown-timeout", "5s");
        try (Connection nats = Infrastructure.nats().connect();
             ConfigurableApplicationContext app = BinderTestApp.start(properties)) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            try {
                StreamConfiguration config = jsm.getStreamInfo(stream).getConfiguration();
                assertThat(config.getMaxAge()).as("the default").isEqualTo(Duration.ofHours(3));
                assertThat(config.getStorageType().toString()).as("the default").isEqualToIgnoringCase("memory");
                assertThat(config.getDuplicateWindow()).as("the binding's own").isEqualTo(Duration.ofSeconds(30));
            } finally {
                app.close();
                jsm.deleteStream(stream);
            }
        }
    }
}
