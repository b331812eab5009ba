package io.inlet.consumer.route;

import io.inlet.consumer.normalize.Decoded;
import io.inlet.contracts.EventType;
import io.inlet.contracts.frame.FramedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The events and rejections of the raw JSON messages of one batch, gathered per stream incarnation and event type,
 * in the order of the batch: one events frame and one errors frame per type instead of one message per event.
 */
final class Gathering {

    /** Where the gathered events came from, and of what type: the base of the frames' message ids. */
    record Key(String incarnation, EventType type) {
    }

    private final Map<Key, List<FramedEvent>> events = new LinkedHashMap<>();
    private final Map<Key, List<FramedEvent>> rejected = new LinkedHashMap<>();

    void add(String incarnation, Decoded decoded) {
        Key key = new Key(incarnation, decoded.type());
        if (!decoded.events().isEmpty()) {
            events.computeIfAbsent(key, k -> new ArrayList<>()).addAll(decoded.events());
        }
        if (!decoded.rejected().isEmpty()) {
            rejected.computeIfAbsent(key, k -> new ArrayList<>()).addAll(decoded.rejected());
        }
    }

    void forEach(BiConsumer<Key, Decoded> action) {
        events.forEach((key, list) -> action.accept(key, new Decoded(key.type(), list, List.of())));
        rejected.forEach((key, list) -> action.accept(key, new Decoded(key.type(), List.of(), list)));
    }
}
