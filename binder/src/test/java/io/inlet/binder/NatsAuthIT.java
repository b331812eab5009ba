package io.inlet.binder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.inlet.binder.BinderTestApp.Recorder;
import io.inlet.binder.connection.NatsCredentialsRefusedException;
import io.inlet.testsupport.NatsServerProcess;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The binder on a nats-server with user/password authentication: the one docker-compose.yml ships
 * (docker/nats/nats.conf, one user per service with its permissions), on a private server started by the test with the
 * passwords in its environment. A binding connected as the pipeline's user reads inlet.events.> and publishes to
 * inlet.valid.> as the pipeline does; a wrong password stops the start with a message that names the user, not the
 * password.
 */
class NatsAuthIT {

    private static final String PIPELINE_PASSWORD = "pipeline-" + UniqueNames.lowerToken("pw");
    private static final String CONSUMER_PASSWORD = "consumer-" + UniqueNames.lowerToken("pw");
    private static final String LAKE_PASSWORD = "lake-" + UniqueNames.lowerToken("pw");

    private static NatsServerProcess server;

    @BeforeAll
    static void startServerWithTheShippedAuthorization() {
        Path config = Path.of(System.getProperty("inlet.repo.root", ".."), "docker", "nats", "nats.conf")
                .toAbsolutePath().normalize();
        server = NatsServerProcess.start(Path.of("target", "nats-auth-it", UniqueNames.lowerToken("run")),
                Map.of("INLET_NATS_GATEWAY_PASSWORD", "gateway-" + UniqueNames.lowerToken("pw"),
                        "INLET_NATS_CONSUMER_PASSWORD", CONSUMER_PASSWORD,
                        "INLET_NATS_PIPELINE_PASSWORD", PIPELINE_PASSWORD,
                        "INLET_NATS_LAKE_PASSWORD", LAKE_PASSWORD),
                "-c", config.toString());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theServicesUserConsumesAndPublishesWhatItsPermissionsAllow() throws Exception {
        ConfigurableApplicationContext app = startPipelineLikeApp(PIPELINE_PASSWORD);
        try (Connection consumer = connect("consumer", CONSUMER_PASSWORD);
             Connection lake = connect("lake", LAKE_PASSWORD)) {
            // the consumer-service's user writes to inlet.events.>, as the consumer-service does
            consumer.jetStream().publish("inlet.events.auth_test", "hello".getBytes(StandardCharsets.UTF_8));

            JetStreamManagement jsm = lake.jetStreamManagement();
            await().atMost(Duration.ofSeconds(20)).until(() -> jsm.getStreamInfo("INLET_VALID").getStreamState()
                    .getMsgCount() == 1);
            MessageInfo valid = jsm.getLastMessage("INLET_VALID", "inlet.valid.auth_test");
            assertThat(new String(valid.getData(), StandardCharsets.UTF_8)).isEqualTo("HELLO");
            assertThat(app.getBean(Recorder.class).deliveriesOf("hello")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> jsm.getConsumerInfo("INLET_EVENTS", "inlet-pipeline")
                    .getNumAckPending() == 0);
        } finally {
            app.close();
        }
    }

    @Test
    void aWrongPasswordStopsTheStartWithAClearMessageThatHidesThePassword() {
        String wrong = "wrong-" + UniqueNames.lowerToken("pw");

        assertThatThrownBy(() -> startPipelineLikeApp(wrong).close())
                .satisfies(failure -> {
                    Throwable refused = failure;
                    while (refused != null && !(refused instanceof NatsCredentialsRefusedException)) {
                        refused = refused.getCause();
                    }
                    assertThat(refused).as("cause chain of %s", failure).isNotNull();
                    assertThat(refused.getMessage()).contains("user 'pipeline'").containsIgnoringCase("authorization")
                            .contains(server.url()).doesNotContain(wrong);
                    for (Throwable t = failure; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(wrong);
                    }
                });
    }

    /** Like pipeline-service: inlet.events.> (group inlet-pipeline) in, inlet.valid.> out, as user pipeline. */
    private static ConfigurableApplicationContext startPipelineLikeApp(String password) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.cloud.stream.nats.binder.servers", server.url());
        properties.put("spring.cloud.stream.nats.binder.username", "pipeline");
        properties.put("spring.cloud.stream.nats.binder.password", password);
        properties.put("spring.cloud.function.definition", "upperCase");
        properties.put("spring.cloud.stream.bindings.upperCase-in-0.destination", "inlet.events.>");
        properties.put("spring.cloud.stream.bindings.upperCase-in-0.group", "inlet-pipeline");
        properties.put("spring.cloud.stream.nats.bindings.upperCase-in-0.consumer.stream.name", "INLET_EVENTS");
        properties.put("spring.cloud.stream.nats.bindings.upperCase-in-0.consumer.stream.subjects", "inlet.events.>");
        properties.put("spring.cloud.stream.bindings.upperCase-out-0.destination", "inlet.valid.auth_test");
        properties.put("spring.cloud.stream.nats.bindings.upperCase-out-0.producer.stream.name", "INLET_VALID");
        properties.put("spring.cloud.stream.nats.bindings.upperCase-out-0.producer.stream.subjects", "inlet.valid.>");
        return BinderTestApp.start(properties);
    }

    private static Connection connect(String user, String password) throws Exception {
        return Nats.connect(new Options.Builder().server(server.url()).userInfo(user, password)
                .connectionTimeout(Duration.ofSeconds(5)).build());
    }
}
