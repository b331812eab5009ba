package io.inlet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NatsIT {

    private final NatsInstance nats = Infrastructure.nats();

    @Test
    void resolvesOncePerJvm() {
        assertThat(Infrastructure.nats()).isSameAs(nats);
        assertThat(nats.origin()).isIn("env", "local", "testcontainers");
    }

    @Test
    void publishesToAUniquelyNamedStreamAndDeletesIt() throws IOException, JetStreamApiException, InterruptedException {
        String stream = UniqueNames.streamName("nats it");
        String subject = UniqueNames.subjectPrefix("nats it") + ".created";

        try (Connection connection = nats.connect()) {
            JetStreamManagement management = connection.jetStreamManagement();
            management.addStream(StreamConfiguration.builder()
                    .name(stream)
                    .subjects(subject)
                    .storageType(StorageType.Memory)
                    .build());

            PublishAck ack = connection.jetStream().publish(subject, "hello".getBytes(StandardCharsets.UTF_8));
            MessageInfo stored = management.getMessage(stream, ack.getSeqno());

            assertThat(ack.getStream()).isEqualTo(stream);
            assertThat(new String(stored.getData(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(stored.getSubject()).isEqualTo(subject);

            assertThat(management.deleteStream(stream)).isTrue();
            assertThatThrownBy(() -> management.getStreamInfo(stream)).isInstanceOf(JetStreamApiException.class);
        }
    }
}
