package io.inlet.binder.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.binder.connection.NatsConnectionProvider;
import io.inlet.binder.properties.NatsConsumerProperties;
import io.inlet.binder.properties.NatsProducerProperties;
import io.inlet.testsupport.NatsCluster;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;

/**
 * On a three-node JetStream cluster on loopback: a binding's {@code stream.replicas} reaches every stream the binder
 * provisions, the binding's own and the dead-letter stream it creates for the binding's group.
 */
class NatsClusterProvisioningIT {

    private static NatsCluster cluster;
    private static Connection nats;
    private static NatsConnectionProvider provider;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = NatsCluster.start(Path.of("target", "nats-cluster-it", UniqueNames.lowerToken("run")), 3,
                Duration.ofMinutes(1));
        Options options = new Options.Builder().servers(cluster.urls().toArray(String[]::new)).build();
        nats = Nats.connect(options);
        provider = new NatsConnectionProvider(options, cluster.servers(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (nats != null) {
            nats.close();
        }
        if (provider != null) {
            provider.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void replicasReachTheBindingsStreamAndItsDeadLetterStream() throws Exception {
        String prefix = UniqueNames.subjectPrefix("r3");
        String stream = UniqueNames.streamName("r3");
        NatsConsumerProperties consumer = new NatsConsumerProperties();
        consumer.getStream().setName(stream);
        consumer.getStream().setSubjects(List.of(prefix + ".>"));
        consumer.getStream().setReplicas(3);
        consumer.setDeadLetterSubject(prefix + "-dlq.orders");
        ExtendedConsumerProperties<NatsConsumerProperties> properties = new ExtendedConsumerProperties<>(consumer);
        properties.populateBindingName("orders-in-0");

        new NatsStreamProvisioner(provider).provisionConsumerDestination(prefix + ".orders", "orders", properties);

        JetStreamManagement jsm = nats.jetStreamManagement();
        assertThat(jsm.getStreamInfo(stream).getConfiguration().getReplicas()).isEqualTo(3);
        String deadLetters = NatsNames.streamNameFor(prefix + "-dlq.orders");
        assertThat(jsm.getStreamInfo(deadLetters).getConfiguration().getReplicas()).isEqualTo(3);
        assertThat(jsm.getStreamInfo(deadLetters).getClusterInfo().getReplicas()).hasSize(2);
    }

    @Test
    void anExistingSingleReplicaStreamIsRaisedToTheBindingsReplicas() throws Exception {
        String prefix = UniqueNames.subjectPrefix("r1r3");
        String stream = UniqueNames.streamName("r1r3");
        NatsProducerProperties producer = new NatsProducerProperties();
        producer.getStream().setName(stream);
        producer.getStream().setSubjects(List.of(prefix + ".>"));
        NatsStreamProvisioner provisioner = new NatsStreamProvisioner(provider);
        provisioner.provisionProducerDestination(prefix + ".>", new ExtendedProducerProperties<>(producer));
        JetStreamManagement jsm = nats.jetStreamManagement();
        assertThat(jsm.getStreamInfo(stream).getConfiguration().getReplicas()).isEqualTo(1);

        producer.getStream().setReplicas(3);
        provisioner.provisionProducerDestination(prefix + ".>", new ExtendedProducerProperties<>(producer));

        assertThat(jsm.getStreamInfo(stream).getConfiguration().getReplicas()).isEqualTo(3);
    }
}
