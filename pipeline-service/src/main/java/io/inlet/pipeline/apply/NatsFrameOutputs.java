package io.inlet.pipeline.apply;

import io.inlet.binder.NatsOutputs;
import io.inlet.contracts.Subjects;
import io.inlet.contracts.frame.EventFrame;
import org.springframework.stereotype.Component;

/**
 * Publishes valid and filtered frames through the binding {@code inletValid} and error frames through
 * {@code inletErrors}.
 * Runs on the binder's consumer thread, inside its {@code PublishScope}: the input is acked only after JetStream
 * confirmed every message.
 */
@Component
class NatsFrameOutputs implements FrameOutputs {

    static final String VALID = "inletValid";
    static final String ERRORS = "inletErrors";

    private final NatsOutputs outputs;

    NatsFrameOutputs(NatsOutputs outputs) {
        this.outputs = outputs;
    }

    @Override
    public void publishValid(EventFrame frame, String idBase) {
        outputs.frames(VALID).publish(Subjects.VALID, frame, idBase);
    }

    @Override
    public void publishErrors(EventFrame frame, String idBase) {
        outputs.frames(ERRORS).publish(Subjects.ERRORS, frame, idBase);
    }

    /** On the valid subject: the lake's valid binding reads it, and no stream or binding is added for it. */
    @Override
    public void publishFiltered(EventFrame frame, String idBase) {
        outputs.frames(VALID).publish(Subjects.VALID, frame, idBase);
    }

    @Override
    public int maxFrameBytes() {
        return Math.min(outputs.frames(VALID).maxFrameBytes(), outputs.frames(ERRORS).maxFrameBytes());
    }
}
