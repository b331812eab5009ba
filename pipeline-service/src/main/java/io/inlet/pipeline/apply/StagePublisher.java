package io.inlet.pipeline.apply;

import io.inlet.binder.NatsOutputs;
import io.inlet.contracts.ErrorEnvelope;
import io.inlet.contracts.InletHeaders;
import io.inlet.contracts.Subjects;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes typed records to {@code inlet.valid.<type>} (binding {@code inletValid}) and errors to
 * {@code inlet.errors.<type>} (binding {@code inletErrors}), each with {@code <type>:<event id>} as
 * {@code Nats-Msg-Id} (de-duplication is stream-wide). Runs on the binder's consumer thread, inside its
 * {@code PublishScope}: the input batch is acked only after JetStream confirmed all of them.
 */
@Component
class StagePublisher {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final NatsOutputs outputs;

    StagePublisher(NatsOutputs outputs) {
        this.outputs = outputs;
    }

    void publish(Outcome outcome) {
        if (outcome instanceof Outcome.Valid valid) {
            Map<String, String> headers = valid.metadata().toHeaders();
            headers.put(InletHeaders.SCHEMA_ID, Long.toString(valid.schemaId()));
            outputs.get("inletValid").publish(Subjects.VALID.of(valid.metadata().eventType()), valid.body(), headers);
        } else if (outcome instanceof Outcome.Rejected rejected) {
            ErrorEnvelope error = rejected.error();
            outputs.get("inletErrors").publish(error.errorsSubject(),
                    JSON.writeValueAsBytes(error), error.toHeaders());
        }
    }
}
