package io.inlet.pipeline.apply;

import io.inlet.contracts.ErrorEnvelope;
import io.inlet.contracts.EventType;
import io.inlet.contracts.InletHeaders;
import io.inlet.contracts.Subjects;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes typed records to {@code inlet.valid.<type>} and errors to {@code inlet.errors.<type>},
 * each with {@code <type>:<event id>} as {@code Nats-Msg-Id} (de-duplication is stream-wide). Runs on the binder's consumer thread, inside its
 * {@code PublishScope}: the input batch is acked only after JetStream confirmed all of them.
 */
@Component
class StagePublisher {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StreamBridge streamBridge;

    StagePublisher(StreamBridge streamBridge) {
        this.streamBridge = streamBridge;
    }

    void publish(Outcome outcome) {
        if (outcome instanceof Outcome.Valid valid) {
            MessageBuilder<byte[]> message = MessageBuilder.withPayload(valid.body())
                    .copyHeaders(valid.metadata().toHeaders())
                    .setHeader(InletHeaders.SCHEMA_ID, Long.toString(valid.schemaId()));
            send(Subjects.VALID.of(valid.metadata().eventType()), message);
        } else if (outcome instanceof Outcome.Rejected rejected) {
            ErrorEnvelope error = rejected.error();
            send(Subjects.ERRORS.of(EventType.of(error.eventType())),
                    MessageBuilder.withPayload(JSON.writeValueAsBytes(error)).copyHeaders(error.toHeaders()));
        }
    }

    private void send(String subject, MessageBuilder<byte[]> message) {
        streamBridge.send(subject, message.setHeader(MessageHeaders.CONTENT_TYPE,
                MimeTypeUtils.APPLICATION_JSON_VALUE).build());
    }
}
