package io.inlet.consumer.route;

import io.inlet.binder.JetStreamOutput;
import io.inlet.binder.NatsOutputs;
import io.inlet.consumer.normalize.Outcome;
import io.inlet.contracts.ErrorEnvelope;
import io.inlet.contracts.Subjects;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes outcomes to the next subjects: events to {@code inlet.events.<type>} (binding {@code inletEvents}),
 * rejections to {@code inlet.errors.<type>} (binding {@code inletErrors}), each with {@code <type>:<id>} as
 * {@code Nats-Msg-Id} (JetStream de-duplicates across a whole stream, which holds every type, so the same producer
 * id in two types must not collide). Called on the binder's consumer thread, so the publishes join the binder's
 * {@code PublishScope}: the input is acked only once JetStream confirmed every one of them, and a failed publish
 * fails the input (redelivery).
 */
@Component
class StagePublisher {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final NatsOutputs outputs;

    StagePublisher(NatsOutputs outputs) {
        this.outputs = outputs;
    }

    void publish(Outcome outcome) {
        if (outcome instanceof Outcome.Normalized event) {
            events().publish(Subjects.EVENTS.of(event.metadata().eventType()), event.body(),
                    event.metadata().toHeaders());
        } else if (outcome instanceof Outcome.Rejected rejected) {
            ErrorEnvelope error = rejected.error();
            errors().publish(error.errorsSubject(), JSON.writeValueAsBytes(error),
                    error.toHeaders());
        }
    }

    private JetStreamOutput events() {
        return outputs.get("inletEvents");
    }

    private JetStreamOutput errors() {
        return outputs.get("inletErrors");
    }
}
