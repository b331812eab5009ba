package io.inlet.binder.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inlet.binder.connection.NatsConnectionProvider;
import io.inlet.binder.properties.NatsConsumerProperties;
import io.inlet.binder.properties.NatsProducerProperties;
import io.inlet.binder.properties.StreamProperties;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.UniqueNames;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Options;
import io.nats.client.JetStreamManagement;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.provisioning.ProvisioningException;

class NatsStreamProvisionerIT {

    private static Connection nats;
    private static JetStreamManagement jsm;
    private static NatsConnectionProvider provider;
    private final List<String> streams = new ArrayList<>();
    private NatsStreamProvisioner provisioner;
    private String prefix;
    private String stream;

    @BeforeAll
    static void connect() throws Exception {
        nats = Infrastructure.nats().connect();
        jsm = nats.jetStreamManagement();
        String url = Infrastructure.nats().url();
        provider = new NatsConnectionProvider(new Options.Builder().server(url).build(), url, Duration.ofSeconds(10));
    }

    @AfterAll
    static void disconnect() throws Exception {
        nats.close();
        provider.close();
    }

    @BeforeEach
    void setUp() {
        provisioner = new NatsStreamProvisioner(provider);
        prefix = UniqueNames.subjectPrefix("prov");
        stream = UniqueNames.streamName("prov");
        streams.add(stream);
    }

    @AfterEach
    void deleteStreams() {
        for (String name : streams) {
            try {
                jsm.deleteStream(name);
            } catch (Exception ignored) {
                // not created by this test
            }
        }
    }

    @Test
    void createsTheStreamAndDurableConsumerAndDoesNothingTheSecondTime() throws Exception {
        ExtendedConsumerProperties<NatsConsumerProperties> properties = consumer(stream, prefix + ".>");
        properties.getExtension().getStream().setMaxAge(Duration.ofHours(6));
        properties.getExtension().getStream().setDuplicateWindow(Duration.ofSeconds(90));

        NatsConsumerDestination first = provisioner.provisionConsumerDestination(prefix + ".in", "orders-app", properties);
        StreamInfo created = jsm.getStreamInfo(stream);
        NatsConsumerDestination second = provisioner.provisionConsumerDestination(prefix + ".in", "orders-app", properties);

        assertThat(second).isEqualTo(first);
        assertThat(first.consumerName()).isEqualTo("orders-app");
        assertThat(first.stream()).isEqualTo(stream);
        assertThat(jsm.getStreamInfo(stream).getCreateTime()).isEqualTo(created.getCreateTime());
        StreamConfiguration config = created.getConfiguration();
        assertThat(config.getSubjects()).containsExactly(prefix + ".>");
        assertThat(config.getMaxAge()).isEqualTo(Duration.ofHours(6));
        assertThat(config.getDuplicateWindow()).isEqualTo(Duration.ofSeconds(90));
        ConsumerInfo consumer = jsm.getConsumerInfo(stream, "orders-app");
        assertThat(consumer.getConsumerConfiguration().getFilterSubject()).isEqualTo(prefix + ".in");
        assertThat(consumer.getConsumerConfiguration().getAckWait()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void updatesAnExistingStreamToTheBindingsSettings() throws Exception {
        jsm.addStream(StreamConfiguration.builder().name(stream).subjects(prefix + ".a").storageType(StorageType.File)
                .maxAge(Duration.ofDays(1)).build());
        ExtendedProducerProperties<NatsProducerProperties> properties = producer(stream, prefix + ".b");
        properties.getExtension().getStream().setMaxAge(Duration.ofDays(3));

        provisioner.provisionProducerDestination(prefix + ".b", properties);

        StreamConfiguration config = jsm.getStreamInfo(stream).getConfiguration();
        assertThat(config.getSubjects()).containsExactly(prefix + ".a", prefix + ".b");
        assertThat(config.getMaxAge()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void aStreamWithOtherStorageIsAClearStartUpError() throws Exception {
        jsm.addStream(StreamConfiguration.builder().name(stream).subjects(prefix + ".>")
                .storageType(StorageType.Memory).build());

        assertThatThrownBy(() -> provisioner.provisionConsumerDestination(prefix + ".in", "g",
                consumer(stream, prefix + ".>")))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("'" + stream + "' exists with storage memory but the binding asks for file")
                .hasMessageContaining("set stream.storage=memory");
    }

    @Test
    void subjectsThatOverlapAnotherStreamAreAClearStartUpError() throws Exception {
        String other = UniqueNames.streamName("other");
        streams.add(other);
        jsm.addStream(StreamConfiguration.builder().name(other).subjects(prefix + ".>").build());

        assertThatThrownBy(() -> provisioner.provisionConsumerDestination(prefix + ".in", "g",
                consumer(stream, prefix + ".in")))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("Cannot create JetStream stream '" + stream + "'")
                .hasMessageContaining("overlap");
    }

    @Test
    void withoutAStreamNameTheStreamCoveringTheDestinationIsUsed() throws Exception {
        jsm.addStream(StreamConfiguration.builder().name(stream).subjects(prefix + ".>").build());

        NatsConsumerDestination destination = provisioner.provisionConsumerDestination(prefix + ".x.>", "g",
                consumer(null, null));
        NatsProducerDestination producer = provisioner.provisionProducerDestination(prefix + ".y", producer(null, null));

        assertThat(destination.stream()).isEqualTo(stream);
        assertThat(producer.stream()).isEqualTo(stream);
    }

    @Test
    void aConsumerWithoutAnyStreamGetsOneNamedAfterItsDestinationAndAProducerDoesNot() throws Exception {
        String token = UniqueNames.lowerToken("auto");
        String expected = ("T_" + token + "_EVENTS").toUpperCase();
        streams.add(expected);

        NatsProducerDestination producer = provisioner.provisionProducerDestination("t." + token + ".events.>",
                producer(null, null));
        NatsConsumerDestination consumer = provisioner.provisionConsumerDestination("t." + token + ".events.>", "g",
                consumer(null, null));

        assertThat(producer.stream()).isNull();
        assertThat(consumer.stream()).isEqualTo(expected);
        assertThat(jsm.getStreamInfo(expected).getConfiguration().getSubjects()).containsExactly("t." + token + ".events.>");
    }

    @Test
    void theDeadLetterSubjectGetsAStreamWhenNoneCoversIt() throws Exception {
        String token = UniqueNames.lowerToken("dlq");
        ExtendedConsumerProperties<NatsConsumerProperties> properties = consumer(stream, prefix + ".>");
        properties.getExtension().setDeadLetterSubject("dead." + token);
        streams.add(("DEAD_" + token).toUpperCase());

        NatsConsumerDestination destination = provisioner.provisionConsumerDestination(prefix + ".in", "g", properties);

        assertThat(destination.deadLetterSubject()).isEqualTo("dead." + token);
        assertThat(jsm.getStreamNames("dead." + token)).containsExactly(("DEAD_" + token).toUpperCase());
    }

    @Test
    void aWorkqueueStreamIsCreatedWithItsRetentionAndMessagesAckedByTheDurableAreGone() throws Exception {
        ExtendedConsumerProperties<NatsConsumerProperties> properties = workqueue();
        // published before the durable exists (the stream created by a producer binding): kept for it
        provisioner.provisionProducerDestination(prefix + ".in", producer(stream, prefix + ".>", properties));
        JetStream js = nats.jetStream();
        for (int i = 0; i < 3; i++) {
            js.publish(prefix + ".in", ("m" + i).getBytes());
        }

        NatsConsumerDestination destination = provisioner.provisionConsumerDestination(prefix + ".in", "wq", properties);

        assertThat(jsm.getStreamInfo(stream).getConfiguration().getRetentionPolicy())
                .isEqualTo(RetentionPolicy.WorkQueue);
        assertThat(jsm.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(3);
        assertThat(readAndAck(destination, 3)).containsExactly("m0", "m1", "m2");
        assertThat(jsm.getStreamInfo(stream).getStreamState().getMsgCount()).isZero();
        assertThat(jsm.getStreamInfo(stream).getStreamState().getLastSequence()).isEqualTo(3);
    }

    @Test
    void anExistingLimitsStreamConfiguredAsWorkqueueKeepsItsRetentionWithOneWarningAndStillWorks() throws Exception {
        jsm.addStream(StreamConfiguration.builder().name(stream).subjects(prefix + ".>").storageType(StorageType.File)
                .maxAge(Duration.ofDays(1)).build());
        ExtendedConsumerProperties<NatsConsumerProperties> properties = workqueue();
        properties.getExtension().getStream().setMaxAge(Duration.ofDays(2));
        ListAppender<ILoggingEvent> logged = captureLog();

        NatsConsumerDestination destination;
        try {
            destination = provisioner.provisionConsumerDestination(prefix + ".in", "wq", properties);
            provisioner.provisionProducerDestination(prefix + ".in", producer(stream, prefix + ".>", properties));
        } finally {
            releaseLog(logged);
        }

        List<String> warnings = logged.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("JetStream stream " + stream + " has retention limits",
                "configured with retention workqueue", "cannot change", "drain", "delete", "recreates it");
        StreamConfiguration config = jsm.getStreamInfo(stream).getConfiguration();
        assertThat(config.getRetentionPolicy()).isEqualTo(RetentionPolicy.Limits);
        assertThat(config.getMaxAge()).isEqualTo(Duration.ofDays(2));
        nats.jetStream().publish(prefix + ".in", "still works".getBytes());
        assertThat(readAndAck(destination, 1)).containsExactly("still works");
        assertThat(jsm.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(1);
    }

    @Test
    void aSecondGroupOverlappingAnotherOnAWorkqueueStreamIsAClearStartUpError() throws Exception {
        ExtendedConsumerProperties<NatsConsumerProperties> properties = workqueue();
        provisioner.provisionConsumerDestination(prefix + ".in", "first", properties);

        assertThatThrownBy(() -> provisioner.provisionConsumerDestination(prefix + ".>", "second", properties))
                .isInstanceOf(NatsProvisioningRefused.class)
                .hasMessageContaining("JetStream stream '" + stream + "' has workqueue retention and refuses consumer "
                        + "'second' filtered to '" + prefix + ".>'")
                .hasMessageContaining("give these subjects one group");
        assertThat(jsm.getConsumerNames(stream)).containsExactly("first");
        // the first group's own restart is no overlap
        assertThat(provisioner.provisionConsumerDestination(prefix + ".in", "first", properties).consumerName())
                .isEqualTo("first");
    }

    @Test
    void aBindingWithoutAGroupOnAWorkqueueStreamIsAClearStartUpError() {
        ExtendedConsumerProperties<NatsConsumerProperties> properties = workqueue();

        assertThatThrownBy(() -> provisioner.provisionConsumerDestination(prefix + ".in", null, properties))
                .isInstanceOf(NatsProvisioningRefused.class)
                .hasMessageContaining("JetStream stream '" + stream + "' has workqueue retention and refuses the "
                        + "anonymous consumer of a binding without a group")
                .hasMessageContaining("set the binding's group");
    }

    @Test
    void deadLettersOfAWorkqueueBindingGetALimitsStreamOfTheirOwn() throws Exception {
        String token = UniqueNames.lowerToken("wqdlq");
        ExtendedConsumerProperties<NatsConsumerProperties> properties = consumer(stream, prefix + ".>");
        properties.getExtension().getStream().setRetention(StreamProperties.Retention.WORKQUEUE);
        properties.getExtension().setDeadLetterSubject("dead." + token);
        String deadLetters = ("DEAD_" + token).toUpperCase();
        streams.add(deadLetters);

        provisioner.provisionConsumerDestination(prefix + ".in", "g", properties);

        assertThat(jsm.getStreamInfo(deadLetters).getConfiguration().getRetentionPolicy())
                .isEqualTo(RetentionPolicy.Limits);
    }

    /** Reads {@code count} messages through the binding's durable and acks each (synchronously). */
    private static List<String> readAndAck(NatsConsumerDestination destination, int count) throws Exception {
        JetStreamSubscription subscription = nats.jetStream().subscribe(destination.subject(),
                PullSubscribeOptions.bind(destination.stream(), destination.consumerName()));
        try {
            List<String> read = new ArrayList<>();
            while (read.size() < count) {
                for (Message message : subscription.fetch(count - read.size(), Duration.ofSeconds(5))) {
                    read.add(new String(message.getData()));
                    message.ackSync(Duration.ofSeconds(5));
                }
            }
            return read;
        } finally {
            subscription.unsubscribe();
        }
    }

    private static ListAppender<ILoggingEvent> captureLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(NatsStreamProvisioner.class)).addAppender(appender);
        return appender;
    }

    private static void releaseLog(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(NatsStreamProvisioner.class)).detachAppender(appender);
    }

    private static ExtendedProducerProperties<NatsProducerProperties> producer(String stream, String subject,
            ExtendedConsumerProperties<NatsConsumerProperties> like) {
        ExtendedProducerProperties<NatsProducerProperties> producer = producer(stream, subject);
        producer.getExtension().setStream(like.getExtension().getStream());
        return producer;
    }

    /** A consumer binding whose dead letters stay in the test's own stream. */
    private ExtendedConsumerProperties<NatsConsumerProperties> workqueue() {
        ExtendedConsumerProperties<NatsConsumerProperties> properties = consumer(stream, prefix + ".>");
        properties.getExtension().getStream().setRetention(StreamProperties.Retention.WORKQUEUE);
        properties.getExtension().setDeadLetterSubject(prefix + ".dlq");
        return properties;
    }

    private static ExtendedConsumerProperties<NatsConsumerProperties> consumer(String stream, String subject) {
        NatsConsumerProperties nats = new NatsConsumerProperties();
        configure(nats.getStream(), stream, subject);
        ExtendedConsumerProperties<NatsConsumerProperties> properties = new ExtendedConsumerProperties<>(nats);
        properties.populateBindingName("test-in-0");
        return properties;
    }

    private static ExtendedProducerProperties<NatsProducerProperties> producer(String stream, String subject) {
        NatsProducerProperties nats = new NatsProducerProperties();
        configure(nats.getStream(), stream, subject);
        return new ExtendedProducerProperties<>(nats);
    }

    private static void configure(StreamProperties properties, String stream, String subject) {
        properties.setName(stream);
        if (subject != null) {
            properties.setSubjects(List.of(subject));
        }
    }
}
