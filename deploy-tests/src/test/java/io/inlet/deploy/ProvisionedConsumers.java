package io.inlet.deploy;

import io.inlet.binder.provisioning.NatsNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JetStream stream and durable consumer each consumer binding of a service uses, derived the way the binder's
 * provisioner names them from the services' own {@code application.yml}: the durable is
 * {@code NatsNames.consumerNameFor(durable-name or group)}; the stream is the binding's {@code consumer.stream.name},
 * else the stream a producer binding of any service declares for the same destination (the one that covers it),
 * else {@code NatsNames.streamNameFor(destination)} (what the binder auto-creates).
 */
final class ProvisionedConsumers {

    private static final Pattern GROUP = Pattern.compile("spring\\.cloud\\.stream\\.bindings\\.([^.]+)\\.group");

    /** One consumer binding's JetStream consumer. */
    record Consumer(String binding, String destination, String stream, String durable) {
    }

    private ProvisionedConsumers() {
    }

    static List<Consumer> of(String module) {
        ServiceJar jar = ServiceJar.of(module);
        List<Consumer> consumers = new ArrayList<>();
        for (String key : jar.applicationProperties().keySet()) {
            Matcher matcher = GROUP.matcher(key);
            if (!matcher.matches()) {
                continue;
            }
            String binding = matcher.group(1);
            String destination = jar.defaultProperty("spring.cloud.stream.bindings." + binding + ".destination");
            String durable = jar.defaultProperty("spring.cloud.stream.nats.bindings." + binding
                    + ".consumer.durable-name");
            String group = jar.defaultProperty(key);
            String stream = jar.defaultProperty("spring.cloud.stream.nats.bindings." + binding
                    + ".consumer.stream.name");
            if (stream == null || stream.isBlank()) {
                stream = producerStreamFor(destination);
            }
            consumers.add(new Consumer(binding, destination, stream,
                    NatsNames.consumerNameFor(durable == null || durable.isBlank() ? group : durable)));
        }
        return consumers;
    }

    private static String producerStreamFor(String destination) {
        for (String module : InletServices.ALL) {
            ServiceJar jar = ServiceJar.of(module);
            for (Map.Entry<String, Object> entry : jar.applicationProperties().entrySet()) {
                String key = entry.getKey();
                if (key.startsWith("spring.cloud.stream.bindings.") && key.endsWith(".destination")
                        && destination.equals(jar.defaultProperty(key))) {
                    String binding = key.substring("spring.cloud.stream.bindings.".length(),
                            key.length() - ".destination".length());
                    String stream = jar.defaultProperty("spring.cloud.stream.nats.bindings." + binding
                            + ".producer.stream.name");
                    if (stream != null && !stream.isBlank()) {
                        return stream;
                    }
                }
            }
        }
        return NatsNames.streamNameFor(destination);
    }
}
