package io.inlet.consumer.route;

import io.inlet.binder.tracing.SpanRef;
import io.inlet.consumer.normalize.Decoded;
import io.inlet.contracts.EventType;
import io.inlet.contracts.frame.FramedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events and rejections of the raw JSON messages of one batch, gathered per stream incarnation and event type,
 * in the order of the batch: one events frame and one errors frame per type instead of one message per event. With
 * tracing on it keeps, per key, where the traced input messages' spans are (the gathered frames link to them).
 */
final class Gathering {

    /** Where the gathered events came from, and of what type: the base of the frames' message ids. */
    record Key(String incarnation, EventType type) {
    }

    private final Map<Key, List<FramedEvent>> events = new LinkedHashMap<>();
    private final Map<Key, List<FramedEvent>> rejected = new LinkedHashMap<>();
    private final Map<Key, List<SpanRef>> inputs = new LinkedHashMap<>();

    /** What is done with each gathered frame. */
    interface Action {
        void accept(Key key, Decoded frame, List<SpanRef> inputs);
    }

    /**
     * @param input where the input message's span is, or {@code null} (tracing off, or an untraced message)
     */
    void add(String incarnation, Decoded decoded, SpanRef input) {
        Key key = new Key(incarnation, decoded.type());
        if (input != null) {
            inputs.computeIfAbsent(key, k -> new ArrayList<>()).add(input);
        }
        if (!decoded.events().isEmpty()) {
            events.computeIfAbsent(key, k -> new ArrayList<>()).addAll(decoded.events());
        }
        if (!decoded.rejected().isEmpty()) {
            rejected.computeIfAbsent(key, k -> new ArrayList<>()).addAll(decoded.rejected());
        }
    }

    void forEach(Action action) {
        events.forEach((key, list) -> action.accept(key, new Decoded(key.type(), list, List.of()), inputsOf(key)));
        rejected.forEach((key, list) -> action.accept(key, new Decoded(key.type(), List.of(), list), inputsOf(key)));
    }

    private List<SpanRef> inputsOf(Key key) {
        return inputs.getOrDefault(key, List.of());
    }
}
