package io.inlet.consumer.route;

import io.inlet.consumer.normalize.Outcome;
import io.inlet.contracts.ErrorEnvelope;
import io.inlet.contracts.EventType;
import io.inlet.contracts.Subjects;
import java.util.Map;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes outcomes to the next subjects: events to {@code inlet.events.<type>}, rejections to
 * {@code inlet.errors.<type>}, each with {@code <type>:<id>} as {@code Nats-Msg-Id} (JetStream de-duplicates
 * across a whole stream, which holds every type, so the same producer id in two types must not collide). Called on the binder's
 * consumer thread, so the publishes join the binder's {@code PublishScope}: the input is acked only
 * once JetStream confirmed every one of them, and a failed publish fails the input (redelivery).
 */
@Component
class StagePublisher {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StreamBridge streamBridge;

    StagePublisher(StreamBridge streamBridge) {
        this.streamBridge = streamBridge;
    }

    void publish(Outcome outcome) {
        if (outcome instanceof Outcome.Normalized event) {
            send(Subjects.EVENTS.of(event.metadata().eventType()), event.body(), event.metadata().toHeaders());
        } else if (outcome instanceof Outcome.Rejected rejected) {
            ErrorEnvelope error = rejected.error();
            send(Subjects.ERRORS.of(EventType.of(error.eventType())), JSON.writeValueAsBytes(error), error.toHeaders());
        }
    }

    private void send(String subject, byte[] body, Map<String, String> headers) {
        Message<byte[]> message = MessageBuilder.withPayload(body)
                .copyHeaders(headers)
                .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON_VALUE)
                .build();
        streamBridge.send(subject, message);
    }
}
