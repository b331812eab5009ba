package io.inlet.binder.inbound;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link ConsumerStatus} of every consumer binding of the binder, by binding name. */
public class ConsumerStatuses {

    private final Map<String, ConsumerStatus> byBinding = new ConcurrentHashMap<>();

    public void register(ConsumerStatus status) {
        byBinding.put(status.binding(), status);
    }

    public void remove(String binding) {
        byBinding.remove(binding);
    }

    public Collection<ConsumerStatus> all() {
        return List.copyOf(byBinding.values());
    }
}
