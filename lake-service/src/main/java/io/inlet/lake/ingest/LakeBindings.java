package io.inlet.lake.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * The lake's two consumer bindings and the settings its guarantees rest on, checked at start-up: batch mode and
 * manual acks (a message is acked only once the file holding it is committed). The messages it holds meanwhile
 * are kept alive with in-progress signals at a third of the bindings' ack wait ({@link #keepAliveInterval}), so
 * the ack wait can be short: it is how long a crashed lake's messages stay invisible before redelivery.
 */
public final class LakeBindings {

    public static final String VALID = "lakeValid-in-0";
    public static final String ERRORS = "lakeErrors-in-0";
    private static final Duration BINDER_DEFAULT_ACK_WAIT = Duration.ofSeconds(30);
    private static final Duration SHORTEST_ACK_WAIT = Duration.ofSeconds(3);

    private LakeBindings() {
    }

    /** @throws IllegalStateException naming every setting that breaks the lake's guarantees */
    public static void check(Environment environment) {
        List<String> problems = new ArrayList<>();
        for (String binding : List.of(VALID, ERRORS)) {
            String batchMode = setting(environment, "spring.cloud.stream.bindings." + binding + ".consumer.batch-mode",
                    "spring.cloud.stream.default.consumer.batch-mode", "false");
            if (!"true".equalsIgnoreCase(batchMode.trim())) {
                problems.add("spring.cloud.stream.bindings." + binding + ".consumer.batch-mode must be true");
            }
            String nats = "spring.cloud.stream.nats.bindings." + binding + ".consumer.";
            String ackMode = setting(environment, nats + "ack-mode",
                    "spring.cloud.stream.nats.default.consumer.ack-mode", "auto");
            if (!"manual".equals(ackMode.trim().toLowerCase(Locale.ROOT))) {
                problems.add(nats + "ack-mode must be manual (messages are acked once their file is committed)");
            }
            Duration ackWait = ackWait(environment, binding);
            if (ackWait.compareTo(SHORTEST_ACK_WAIT) < 0) {
                problems.add(nats + "ack-wait (" + ackWait + ") must be at least " + SHORTEST_ACK_WAIT + ": held "
                        + "messages are kept alive at a third of it");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The lake's bindings are misconfigured: " + String.join("; ", problems));
        }
    }

    /**
     * How often the messages the lake holds (buffered or being flushed) are kept alive with an in-progress signal:
     * a third of the shorter ack wait of the two bindings, so that two signals may be lost before JetStream
     * redelivers.
     */
    public static Duration keepAliveInterval(Environment environment) {
        Duration shortest = ackWait(environment, VALID);
        Duration errors = ackWait(environment, ERRORS);
        return (errors.compareTo(shortest) < 0 ? errors : shortest).dividedBy(3);
    }

    private static Duration ackWait(Environment environment, String binding) {
        String text = setting(environment, "spring.cloud.stream.nats.bindings." + binding + ".consumer.ack-wait",
                "spring.cloud.stream.nats.default.consumer.ack-wait", null);
        return text == null || text.isBlank() ? BINDER_DEFAULT_ACK_WAIT : DurationStyle.detectAndParse(text.trim());
    }

    /** Binding names are not canonical property names (camel case), so these are looked up as written. */
    private static String setting(Environment environment, String name, String fallback, String orElse) {
        String value = environment.getProperty(name);
        return value != null ? value : environment.getProperty(fallback, orElse);
    }
}
