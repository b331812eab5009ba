package io.inlet.binder;

import io.inlet.binder.tracing.FrameTracing;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.stream.binder.Binder;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.messaging.MessageChannel;

/**
 * The application's way to the {@link JetStreamOutput}s of its NATS producer bindings (a bean the
 * binder auto-configures). The binder is looked up on first use, so asking for an output never
 * creates a binder during start-up.
 */
public class NatsOutputs {

    private final ObjectProvider<BinderFactory> binders;
    private final String binderName;
    private final FrameTracing tracing;
    private final Map<String, JetStreamOutput> outputs = new ConcurrentHashMap<>();
    private final Map<String, FramePublisher> frames = new ConcurrentHashMap<>();

    /**
     * @param binderName the binder configuration to use, or {@code null} for the default binder
     */
    public NatsOutputs(ObjectProvider<BinderFactory> binders, String binderName) {
        this(binders, binderName, FrameTracing.OFF);
    }

    /**
     * @param tracing how the frame publishers trace what they publish ({@link FrameTracing#OFF}: not at all)
     */
    public NatsOutputs(ObjectProvider<BinderFactory> binders, String binderName, FrameTracing tracing) {
        this.binders = binders;
        this.binderName = binderName;
        this.tracing = tracing;
    }

    /**
     * The output of the producer binding {@code bindingName} (declare it in
     * {@code spring.cloud.stream.output-bindings}).
     *
     * @throws IllegalStateException when the binder is not the NATS binder
     */
    public JetStreamOutput get(String bindingName) {
        return outputs.computeIfAbsent(bindingName, name -> binder().output(name));
    }

    /**
     * The frame publisher of the producer binding {@code bindingName}: how every stage publishes its outputs.
     *
     * @throws IllegalStateException when the binder is not the NATS binder
     */
    public FramePublisher frames(String bindingName) {
        return frames.computeIfAbsent(bindingName, name -> new FramePublisher(get(name), tracing));
    }

    private NatsMessageChannelBinder binder() {
        BinderFactory factory = binders.getIfAvailable();
        if (factory == null) {
            throw new IllegalStateException("No Spring Cloud Stream BinderFactory in this application");
        }
        Binder<MessageChannel, ?, ?> binder = factory.getBinder(binderName, MessageChannel.class);
        if (binder instanceof NatsMessageChannelBinder nats) {
            return nats;
        }
        throw new IllegalStateException("The " + (binderName == null ? "default binder" : "binder '" + binderName + "'")
                + " is " + binder.getClass().getName() + ", not the NATS binder");
    }
}
