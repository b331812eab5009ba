package io.inlet.binder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.binder.BinderTestApp.Recorder;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.UniqueNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.impl.NatsJetStreamPullSubscription;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.MessageChannel;

/**
 * A consumer binding whose subscription stops delivering without any reconnect notices it, resubscribes and says so
 * in health and metrics: a single-mode and a batch-mode binding, on the shared NATS.
 */
class ConsumerStallIT {

    private static final List<String> HANDLERS = List.of("countIds", "countIdBatches");

    private static Connection nats;
    private static JetStream js;
    private static JetStreamManagement jsm;

    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private String prefix;
    private String stream;

    @BeforeAll
    static void connect() throws Exception {
        nats = Infrastructure.nats().connect();
        js = nats.jetStream();
        jsm = nats.jetStreamManagement();
    }

    @AfterAll
    static void disconnect() throws Exception {
        nats.close();
    }

    @BeforeEach
    void names() {
        prefix = UniqueNames.subjectPrefix("stall");
        stream = UniqueNames.streamName("stall");
    }

    @AfterEach
    void cleanUp() throws Exception {
        apps.forEach(ConfigurableApplicationContext::close);
        jsm.deleteStream(stream);
    }

    @Test
    void bindingsWhoseSubscriptionsTheServerForgotResubscribeAndConsumeAgain() throws Exception {
        ConfigurableApplicationContext app = startApp();
        Recorder recorder = app.getBean(Recorder.class);
        publish(0, 100);
        awaitEveryBindingSaw(recorder, 100);

        int deafened = forgetPullSubscriptionsOnTheServer(binderConnection(app));
        assertThat(deafened).as("pull subscriptions made deaf").isEqualTo(HANDLERS.size());
        publish(100, 200);

        awaitEveryBindingSaw(recorder, 200);
        for (String handler : HANDLERS) {
            assertThat(resubscribes(app, handler, "stalled")).as(handler + " resubscribed for a stall").isEqualTo(1);
            Map<String, Object> detail = bindingHealth(app, handler);
            assertThat(detail).containsEntry("state", "CONSUMING").containsEntry("resubscribes", 1L);
        }
        assertThat(natsHealth(app).getStatus().getCode()).isEqualTo("UP");
    }

    @Test
    void aBindingWhoseConsumerVanishedIsDownUntilItIsBackAndThenConsumesWhatWaited() throws Exception {
        ConfigurableApplicationContext app = startApp();
        Recorder recorder = app.getBean(Recorder.class);
        publish(0, 10);
        awaitEveryBindingSaw(recorder, 10);
        ConsumerConfiguration config = jsm.getConsumerInfo(stream, "countids").getConsumerConfiguration();

        jsm.deleteConsumer(stream, "countids");
        publish(10, 20);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(natsHealth(app).getStatus().getCode()).isEqualTo("DOWN");
            assertThat(bindingHealth(app, "countIds").get("state")).isIn("STALLED", "RESUBSCRIBING");
            assertThat((String) bindingHealth(app, "countIds").get("reason")).containsIgnoringCase("consumer");
        });
        assertThat(bindingHealth(app, "countIdBatches")).containsEntry("state", "CONSUMING");

        jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder(config).build());

        awaitEveryBindingSaw(recorder, 20);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(natsHealth(app).getStatus().getCode()).isEqualTo("UP");
            assertThat(bindingHealth(app, "countIds")).containsEntry("state", "CONSUMING");
        });
    }

    // ---------------------------------------------------------------- helpers

    private ConfigurableApplicationContext startApp() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.main.banner-mode", "off");
        properties.put("management.endpoint.health.show-details", "always");
        properties.put("spring.cloud.stream.nats.binder.servers", Infrastructure.nats().url());
        properties.put("spring.cloud.function.definition", String.join(";", HANDLERS));
        for (String handler : HANDLERS) {
            String binding = handler + "-in-0";
            properties.put("spring.cloud.stream.bindings." + binding + ".destination", prefix + ".in");
            properties.put("spring.cloud.stream.bindings." + binding + ".group", handler.toLowerCase());
            properties.put(BinderTestApp.natsConsumer(binding, "stream.name"), stream);
            properties.put(BinderTestApp.natsConsumer(binding, "stream.subjects"), prefix + ".>");
            properties.put(BinderTestApp.natsConsumer(binding, "stream.storage"), "memory");
            properties.put(BinderTestApp.natsConsumer(binding, "dead-letter-subject"), prefix + ".dlq." + handler.toLowerCase());
            // what a deaf subscription was handed is redelivered soon
            properties.put(BinderTestApp.natsConsumer(binding, "ack-wait"), "2s");
            properties.put(BinderTestApp.natsConsumer(binding, "stall-timeout"), "1s");
            properties.put(BinderTestApp.natsConsumer(binding, "stall-check-interval"), "500ms");
            properties.put(BinderTestApp.natsConsumer(binding, "shutdown-timeout"), "5s");
        }
        properties.put("spring.cloud.stream.bindings.countIdBatches-in-0.consumer.batch-mode", "true");
        ConfigurableApplicationContext app = BinderTestApp.start(properties);
        apps.add(app);
        return app;
    }

    private static void awaitEveryBindingSaw(Recorder recorder, long count) {
        Set<Long> expected = LongStream.range(0, count).boxed().collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String handler : HANDLERS) {
                assertThat(recorder.idsSeenBy(handler)).as(handler).containsAll(expected);
            }
        });
    }

    private void publish(long from, long to) throws Exception {
        BinderTestApp.publishIds(js, prefix + ".in", from, to);
    }

    /**
     * Makes the server drop its interest in every pull subscription of {@code connection} while the client keeps them
     * as they are, so that their fetches simply come back empty: what a subscription lost in a reconnect race looks
     * like. NATS has no way to do that from outside the connection, so this sends the UNSUB through jnats'
     * package-private {@code NatsConnection.sendUnsub}, which does not touch the client's side of the subscription.
     *
     * @return how many pull subscriptions the server forgot
     */
    private static int forgetPullSubscriptionsOnTheServer(Connection connection) throws Exception {
        Field subscribers = connection.getClass().getDeclaredField("subscribers");
        subscribers.setAccessible(true);
        Class<?> natsSubscription = Class.forName("io.nats.client.impl.NatsSubscription");
        Method sendUnsub = connection.getClass().getDeclaredMethod("sendUnsub", natsSubscription, int.class);
        sendUnsub.setAccessible(true);
        int forgotten = 0;
        for (Object subscription : ((Map<?, ?>) subscribers.get(connection)).values()) {
            if (subscription instanceof NatsJetStreamPullSubscription) {
                sendUnsub.invoke(connection, subscription, 0);
                forgotten++;
            }
        }
        connection.flush(Duration.ofSeconds(5));
        return forgotten;
    }

    private static Connection binderConnection(ConfigurableApplicationContext app) {
        Object binder = app.getBean(BinderFactory.class).getBinder(null, MessageChannel.class);
        return ((NatsMessageChannelBinder) binder).connectionProvider().get();
    }

    private static double resubscribes(ConfigurableApplicationContext app, String handler, String reason) {
        return app.getBean(MeterRegistry.class).get("inlet.binder.consumer.resubscribes")
                .tag("group", handler.toLowerCase()).tag("reason", reason).counter().count();
    }

    private static IndicatedHealthDescriptor natsHealth(ConfigurableApplicationContext app) {
        return (IndicatedHealthDescriptor) app.getBean(HealthEndpoint.class).healthForPath("binders", "nats");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bindingHealth(ConfigurableApplicationContext app, String handler) {
        Map<String, Object> bindings = (Map<String, Object>) natsHealth(app).getDetails().get("bindings");
        return (Map<String, Object>) bindings.get(handler + "-in-0");
    }
}
